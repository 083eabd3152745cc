/*
 * sb: the arena-backed string builder the query compiler writes SQL into, and
 * sql_ident(), the one way an identifier enters the SQL text.
 */
#include "query/query_int.h"

#include <string.h>

#include "core/arena.h"

void qsb_init(struct qsb *b, struct arena *a)
{
	b->a = a;
	b->p = NULL;
	b->len = 0;
	b->cap = 0;
}

void qsb_put(struct qsb *b, const char *s, size_t n)
{
	if (n == 0)
		return;
	if (b->cap - b->len < n + 1) {
		size_t cap = b->cap ? b->cap : 64;
		while (cap - b->len < n + 1)
			cap *= 2;
		b->p = arena_grow(b->a, b->p, b->len, cap, 1);
		b->cap = cap;
	}
	memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
}

void qsb_puts(struct qsb *b, const char *s)
{
	qsb_put(b, s, strlen(s));
}

void qsb_ident(struct qsb *b, const char *id)
{
	const char *q;
	qsb_put(b, "\"", 1);
	while ((q = strchr(id, '"')) != NULL) {
		qsb_put(b, id, (size_t)(q - id) + 1);	/* through the quote */
		qsb_put(b, "\"", 1);			/* and double it */
		id = q + 1;
	}
	qsb_puts(b, id);
	qsb_put(b, "\"", 1);
}

const char *qsb_str(struct qsb *b)
{
	return b->p ? b->p : "";
}

char *sql_ident(struct arena *a, const char *id)
{
	struct qsb b;
	qsb_init(&b, a);
	qsb_ident(&b, id);
	return b.p;
}
