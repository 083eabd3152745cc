/*
 * lexer: splits query text into tokens.
 *
 * Whitespace is space, tab, CR, LF and U+3000 (ideographic space). A word is any run
 * of characters other than whitespace and ( ) = ! < > , " — field codes (Japanese
 * included), keywords, numbers, function names and their arguments are all words;
 * the parser tells them apart by position. Strings are double-quoted with the escapes
 * \" \\ \t \n; a raw tab, CR, LF or NUL inside a string, an unknown escape or a missing
 * closing quote is a syntax error. Control characters outside strings are errors too.
 * The input is valid UTF-8 (query_compile checks it first).
 */
#include "query/query_int.h"

#include "core/arena.h"

void query_lex_init(struct qlexer *lx, struct arena *a, const char *q, size_t len)
{
	lx->a = a;
	lx->q = q;
	lx->len = len;
	lx->off = 0;
}

/* Length of the whitespace character at off, or 0. */
static size_t space_at(const struct qlexer *lx, size_t off)
{
	const unsigned char *u = (const unsigned char *)lx->q + off;
	size_t left = lx->len - off;
	if (u[0] == ' ' || u[0] == '\t' || u[0] == '\r' || u[0] == '\n')
		return 1;
	if (left >= 3 && u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
		return 3;
	return 0;
}

/* True for the bytes that end a word (whitespace is checked separately). */
static bool word_stop(unsigned char c)
{
	switch (c) {
	case '(': case ')': case '=': case '!': case '<': case '>': case ',': case '"':
		return true;
	default:
		return c < 0x20 || c == 0x7F;
	}
}

/* Reads a string whose opening quote is at lx->off. */
static int lex_string(struct qlexer *lx, struct qtok *t, struct err *e)
{
	size_t start = lx->off, i = start + 1, run;
	struct qsb b;
	qsb_init(&b, lx->a);
	for (;;) {
		run = i;
		while (i < lx->len && lx->q[i] != '"' && lx->q[i] != '\\' &&
		       (unsigned char)lx->q[i] >= 0x20)
			i++;
		qsb_put(&b, lx->q + run, i - run);
		if (i >= lx->len)
			return query_err_syntax(e, (long)start);
		char c = lx->q[i];
		if (c == '"')
			break;
		if (c != '\\') {
			/* Raw control characters are refused; others pass through. */
			if (c == '\t' || c == '\n' || c == '\r' || c == '\0')
				return query_err_syntax(e, (long)i);
			qsb_put(&b, &c, 1);
			i++;
			continue;
		}
		if (i + 1 >= lx->len)
			return query_err_syntax(e, (long)start);
		switch (lx->q[i + 1]) {
		case '"': qsb_put(&b, "\"", 1); break;
		case '\\': qsb_put(&b, "\\", 1); break;
		case 't': qsb_put(&b, "\t", 1); break;
		case 'n': qsb_put(&b, "\n", 1); break;
		default: return query_err_syntax(e, (long)i);
		}
		i += 2;
	}
	t->kind = QT_STRING;
	t->text = qsb_str(&b);
	t->len = b.len;
	lx->off = i + 1;
	return 0;
}

int query_lex_next(struct qlexer *lx, struct qtok *t, struct err *e)
{
	size_t n;
	while (lx->off < lx->len && (n = space_at(lx, lx->off)) > 0)
		lx->off += n;
	t->pos = (long)lx->off;
	t->text = lx->q + lx->off;
	t->len = 0;
	if (lx->off >= lx->len) {
		t->kind = QT_EOF;
		return 0;
	}
	const char *p = lx->q + lx->off;
	size_t left = lx->len - lx->off;
	switch (*p) {
	case '"':
		return lex_string(lx, t, e);
	case '(':
		t->kind = QT_LPAREN;
		t->len = 1;
		break;
	case ')':
		t->kind = QT_RPAREN;
		t->len = 1;
		break;
	case ',':
		t->kind = QT_COMMA;
		t->len = 1;
		break;
	case '=':
		t->kind = QT_OP;
		t->op = QOP_EQ;
		t->len = 1;
		break;
	case '!':
		if (left < 2 || p[1] != '=')
			return query_err_syntax(e, t->pos);
		t->kind = QT_OP;
		t->op = QOP_NE;
		t->len = 2;
		break;
	case '<':
	case '>':
		t->kind = QT_OP;
		t->len = left >= 2 && p[1] == '=' ? 2 : 1;
		if (*p == '<')
			t->op = t->len == 2 ? QOP_LE : QOP_LT;
		else
			t->op = t->len == 2 ? QOP_GE : QOP_GT;
		break;
	default:
		if (word_stop((unsigned char)*p))
			return query_err_syntax(e, t->pos);
		n = 0;
		while (n < left && !word_stop((unsigned char)p[n]) &&
		       space_at(lx, lx->off + n) == 0)
			n++;
		t->kind = QT_WORD;
		t->len = n;
		break;
	}
	lx->off += t->len;
	return 0;
}
