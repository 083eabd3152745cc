/*
 * parser: recursive descent over the tokens, building the syntax tree.
 *
 *   query     := [ expr ] [ "order" "by" key { "," key } ] [ "limit" N ] [ "offset" N ]
 *   expr      := term { "or" term }
 *   term      := factor { "and" factor }
 *   factor    := "(" expr ")" | condition
 *   condition := field op value | field ["not"] "in" "(" value { "," value } ")"
 *              | field ["not"] "like" value | field "is" ["not"] "empty"
 *   value     := STRING | NUMBER | NAME "(" [ WORD { "," WORD } ] ")"
 *   key       := field [ "asc" | "desc" ]
 *
 * Keywords are matched in any case and only where the grammar expects them, so a field
 * may be called "order" or "limit". Every bound is checked the moment it is crossed
 * (parenthesis depth, number of conditions, values in one list), so hostile input is
 * refused after reading at most the part that broke the bound; recursion is at most
 * three frames per parenthesis level. The tree is flattened as it is built: an "or"
 * directly inside an "or" (through parentheses) joins its parent, and so does "and".
 */
#include "query/query_int.h"

#include <string.h>
#include <strings.h>

#include "core/arena.h"
#include "core/strutil.h"

struct parser {
	struct qlexer lx;	/* the token source */
	struct arena *a;	/* where the tree goes */
	struct err *e;		/* where errors go */
	unsigned flags;		/* QUERY_* flags */
	struct qtok la[2];	/* look-ahead tokens */
	int n_la;		/* how many of la are filled */
	size_t terms;		/* conditions so far */
};

/* Makes sure la[k] is filled. */
static int fill(struct parser *p, int k)
{
	while (p->n_la <= k) {
		if (query_lex_next(&p->lx, &p->la[p->n_la], p->e) != 0)
			return -1;
		p->n_la++;
	}
	return 0;
}

/* Copies the next token into *t and consumes it. */
static int next(struct parser *p, struct qtok *t)
{
	if (fill(p, 0) != 0)
		return -1;
	*t = p->la[0];
	p->la[0] = p->la[1];
	p->n_la--;
	return 0;
}

/* True when t is the keyword k (lower case), in any case. */
static bool kw(const struct qtok *t, const char *k)
{
	size_t n = strlen(k);
	return t->kind == QT_WORD && t->len == n && strncasecmp(t->text, k, n) == 0;
}

static char *word_copy(struct parser *p, const struct qtok *t)
{
	return arena_strndup(p->a, t->text, t->len);
}

/* True for a bare number: [+-]digits[.digits]. */
static bool is_number(const char *s, size_t n)
{
	size_t i = 0, d;
	if (i < n && (s[i] == '+' || s[i] == '-'))
		i++;
	for (d = i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	if (i == d)
		return false;
	if (i < n && s[i] == '.') {
		for (d = ++i; i < n && s[i] >= '0' && s[i] <= '9'; i++)
			;
		if (i == d)
			return false;
	}
	return i == n;
}

/* Function call arguments after the name; the '(' is next. */
static int parse_args(struct parser *p, struct qval *v)
{
	struct qtok t;
	if (next(p, &t) != 0 || fill(p, 0) != 0)
		return -1;
	if (p->la[0].kind == QT_RPAREN)
		return next(p, &t);
	for (;;) {
		if (next(p, &t) != 0)
			return -1;
		if (t.kind != QT_WORD)
			return query_err_syntax(p->e, t.pos);
		if (v->n_args < 2) {
			v->args[v->n_args].text = word_copy(p, &t);
			v->args[v->n_args].pos = t.pos;
		}
		v->n_args++;
		if (next(p, &t) != 0)
			return -1;
		if (t.kind == QT_RPAREN)
			return 0;
		if (t.kind != QT_COMMA)
			return query_err_syntax(p->e, t.pos);
	}
}

static int parse_value(struct parser *p, struct qval *v)
{
	struct qtok t;
	memset(v, 0, sizeof *v);
	if (next(p, &t) != 0)
		return -1;
	v->pos = t.pos;
	if (t.kind == QT_STRING) {
		v->kind = QV_STRING;
		v->text = t.text;
		return 0;
	}
	if (t.kind != QT_WORD)
		return query_err_syntax(p->e, t.pos);
	if (fill(p, 0) != 0)
		return -1;
	if (p->la[0].kind == QT_LPAREN) {
		v->kind = QV_FUNC;
		v->func = query_func_lookup(t.text, t.len);
		if (v->func == QF_NONE)
			return query_err_syntax(p->e, t.pos);
		v->text = query_func_name(v->func);
		return parse_args(p, v);
	}
	if (!is_number(t.text, t.len))
		return query_err_syntax(p->e, t.pos);
	v->kind = QV_NUMBER;
	v->text = word_copy(p, &t);
	return 0;
}

/* "(" value { "," value } ")" */
static int parse_list(struct parser *p, struct qnode *n)
{
	struct qtok t;
	size_t cap = 0;
	if (next(p, &t) != 0)
		return -1;
	if (t.kind != QT_LPAREN)
		return query_err_syntax(p->e, t.pos);
	for (;;) {
		if (n->n_vals == QUERY_MAX_IN) {
			if (fill(p, 0) != 0)
				return -1;
			return query_err_limits(p->e, p->la[0].pos);
		}
		n->vals = arena_room(p->a, n->vals, n->n_vals, &cap, sizeof *n->vals);
		if (parse_value(p, &n->vals[n->n_vals]) != 0)
			return -1;
		n->n_vals++;
		if (next(p, &t) != 0)
			return -1;
		if (t.kind == QT_RPAREN)
			return 0;
		if (t.kind != QT_COMMA)
			return query_err_syntax(p->e, t.pos);
	}
}

static int parse_single(struct parser *p, struct qnode *n)
{
	n->vals = arena_alloc(p->a, sizeof *n->vals);
	n->n_vals = 1;
	return parse_value(p, n->vals);
}

static int parse_cond(struct parser *p, struct qnode **out)
{
	struct qtok t, o;
	if (next(p, &t) != 0)
		return -1;
	if (t.kind != QT_WORD)
		return query_err_syntax(p->e, t.pos);
	if (++p->terms > QUERY_MAX_TERMS)
		return query_err_limits(p->e, t.pos);
	struct qnode *n = arena_alloc(p->a, sizeof *n);
	n->kind = QN_COND;
	n->field = word_copy(p, &t);
	n->field_pos = t.pos;
	*out = n;
	if (next(p, &o) != 0)
		return -1;
	n->op_pos = o.pos;
	if (o.kind == QT_OP) {
		n->op = o.op;
		return parse_single(p, n);
	}
	if (kw(&o, "in")) {
		n->op = QOP_IN;
		return parse_list(p, n);
	}
	if (kw(&o, "like")) {
		n->op = QOP_LIKE;
		return parse_single(p, n);
	}
	if (kw(&o, "not")) {
		if (next(p, &t) != 0)
			return -1;
		if (kw(&t, "in")) {
			n->op = QOP_NOT_IN;
			return parse_list(p, n);
		}
		if (kw(&t, "like")) {
			n->op = QOP_NOT_LIKE;
			return parse_single(p, n);
		}
		return query_err_syntax(p->e, t.pos);
	}
	if (kw(&o, "is")) {
		if (next(p, &t) != 0)
			return -1;
		n->op = QOP_EMPTY;
		if (kw(&t, "not")) {
			n->op = QOP_NOT_EMPTY;
			if (next(p, &t) != 0)
				return -1;
		}
		if (!kw(&t, "empty"))
			return query_err_syntax(p->e, t.pos);
		return 0;
	}
	return query_err_syntax(p->e, o.pos);
}

/* Appends kid to the and/or list, splicing in the children of a same-kind kid. */
static void add_kid(struct parser *p, struct qnode ***kids, size_t *n, size_t *cap,
		    enum qnode_kind kind, struct qnode *kid)
{
	size_t add = kid->kind == kind ? kid->n_kids : 1;
	if (*n + add > *cap) {
		size_t c = *cap ? *cap * 2 : 4;
		while (c < *n + add)
			c *= 2;
		*kids = arena_grow(p->a, *kids, *n, c, sizeof **kids);
		*cap = c;
	}
	if (kid->kind == kind) {
		memcpy(*kids + *n, kid->kids, add * sizeof **kids);
		*n += add;
	} else {
		(*kids)[(*n)++] = kid;
	}
}

static int parse_or(struct parser *p, int depth, struct qnode **out);

static int parse_factor(struct parser *p, int depth, struct qnode **out)
{
	struct qtok t;
	if (fill(p, 0) != 0)
		return -1;
	if (p->la[0].kind != QT_LPAREN)
		return parse_cond(p, out);
	if (depth >= QUERY_MAX_DEPTH)
		return query_err_limits(p->e, p->la[0].pos);
	if (next(p, &t) != 0 || parse_or(p, depth + 1, out) != 0 || next(p, &t) != 0)
		return -1;
	if (t.kind != QT_RPAREN)
		return query_err_syntax(p->e, t.pos);
	return 0;
}

/* One level of the and/or grammar: items joined by keyword word. */
static int parse_level(struct parser *p, int depth, enum qnode_kind kind, struct qnode **out)
{
	const char *word = kind == QN_OR ? "or" : "and";
	struct qnode *kid, **kids = NULL;
	size_t n = 0, cap = 0;
	struct qtok t;
	for (;;) {
		int rc = kind == QN_OR ? parse_level(p, depth, QN_AND, &kid)
				       : parse_factor(p, depth, &kid);
		if (rc != 0)
			return -1;
		add_kid(p, &kids, &n, &cap, kind, kid);
		if (fill(p, 0) != 0)
			return -1;
		if (!kw(&p->la[0], word))
			break;
		if (next(p, &t) != 0)
			return -1;
	}
	if (n == 1) {
		/* Most levels hold one item (never one of their own kind): no wrapper. */
		*out = kids[0];
		return 0;
	}
	struct qnode *g = arena_alloc(p->a, sizeof *g);
	g->kind = kind;
	g->kids = kids;
	g->n_kids = n;
	*out = g;
	return 0;
}

static int parse_or(struct parser *p, int depth, struct qnode **out)
{
	return parse_level(p, depth, QN_OR, out);
}

/* True when the tokens at a condition's start are a clause keyword instead. */
static int clause_ahead(struct parser *p, bool *yes)
{
	*yes = false;
	if (fill(p, 1) != 0)
		return -1;
	const struct qtok *t0 = &p->la[0], *t1 = &p->la[1];
	if (kw(t0, "order"))
		*yes = kw(t1, "by");
	else if (kw(t0, "limit") || kw(t0, "offset"))
		*yes = t1->kind == QT_WORD && !kw(t1, "in") && !kw(t1, "not") &&
		       !kw(t1, "like") && !kw(t1, "is");
	return 0;
}

static int parse_order(struct parser *p, struct qast *ast)
{
	struct qtok t;
	if (next(p, &t) != 0 || next(p, &t) != 0)	/* "order" "by" */
		return -1;
	for (;;) {
		if (next(p, &t) != 0)
			return -1;
		if (t.kind != QT_WORD)
			return query_err_syntax(p->e, t.pos);
		if (ast->n_order == QUERY_MAX_ORDER)
			return query_err_limits(p->e, t.pos);
		struct qorder *o = &ast->order[ast->n_order++];
		o->field = word_copy(p, &t);
		o->pos = t.pos;
		o->asc = false;
		if (fill(p, 0) != 0)
			return -1;
		if (kw(&p->la[0], "asc") || kw(&p->la[0], "desc")) {
			o->asc = kw(&p->la[0], "asc");
			if (next(p, &t) != 0 || fill(p, 0) != 0)
				return -1;
		}
		if (p->la[0].kind != QT_COMMA)
			return 0;
		if (next(p, &t) != 0)
			return -1;
	}
}

/* True when s[0..n) is [+-]digits. */
static bool all_digits(const char *s, size_t n)
{
	size_t i = n > 0 && (s[0] == '+' || s[0] == '-') ? 1 : 0;
	if (i == n)
		return false;
	for (; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* "limit N" or "offset N": a non-negative integer up to max (unless QUERY_NO_BOUNDS). */
static int parse_count(struct parser *p, int64_t max, enum err_code too_large, int64_t *out)
{
	struct qtok k, t;
	int64_t v;
	if (next(p, &k) != 0)
		return -1;
	if (p->flags & QUERY_NO_LIMIT_OFFSET)
		return query_err_syntax(p->e, k.pos);
	if (next(p, &t) != 0)
		return -1;
	if (t.kind != QT_WORD)
		return query_err_syntax(p->e, t.pos);
	bool bounded = !(p->flags & QUERY_NO_BOUNDS);
	if (!all_digits(t.text, t.len)) {
		err_set(p->e, E_INPUT, NULL);
		p->e->pos = t.pos;
		return err_field(p->e, "query", FM_INTEGER, NULL);
	}
	if (t.text[0] == '-' && (!strn_to_i64(t.text, t.len, &v) || v < 0)) {
		err_set(p->e, E_INPUT, NULL);
		p->e->pos = t.pos;
		return err_field(p->e, "query", FM_MIN_VALUE, "0");
	}
	if (!strn_to_i64(t.text, t.len, &v)) {
		/* Digits only, yet too large for 64 bits. */
		if (bounded)
			return query_err(p->e, too_large, t.pos, NULL);
		err_set(p->e, E_INPUT, NULL);
		p->e->pos = t.pos;
		return err_field(p->e, "query", FM_INTEGER, NULL);
	}
	if (bounded && v > max)
		return query_err(p->e, too_large, t.pos, NULL);
	*out = v;
	return 0;
}

int query_parse(struct arena *a, const char *q, size_t len, unsigned flags,
		struct qast *out, struct err *e)
{
	struct parser p = {.a = a, .e = e, .flags = flags};
	struct qtok t;
	bool clause;
	memset(out, 0, sizeof *out);
	out->limit = QUERY_LIMIT_DEFAULT;
	query_lex_init(&p.lx, a, q, len);
	if (fill(&p, 0) != 0 || clause_ahead(&p, &clause) != 0)
		return -1;
	if (p.la[0].kind != QT_EOF && !clause && parse_or(&p, 0, &out->where) != 0)
		return -1;
	if (fill(&p, 1) != 0)
		return -1;
	if (kw(&p.la[0], "order")) {
		if (!kw(&p.la[1], "by"))
			return query_err_syntax(e, p.la[1].pos);
		if (parse_order(&p, out) != 0 || fill(&p, 0) != 0)
			return -1;
	}
	if (kw(&p.la[0], "limit")) {
		if (parse_count(&p, QUERY_LIMIT_MAX, E_LIMIT_TOO_LARGE, &out->limit) != 0 ||
		    fill(&p, 0) != 0)
			return -1;
		out->has_limit = true;
	}
	if (kw(&p.la[0], "offset")) {
		if (parse_count(&p, QUERY_OFFSET_MAX, E_OFFSET_TOO_LARGE, &out->offset) != 0)
			return -1;
		out->has_offset = true;
	}
	if (next(&p, &t) != 0)
		return -1;
	if (t.kind != QT_EOF)
		return query_err_syntax(e, t.pos);
	return 0;
}
