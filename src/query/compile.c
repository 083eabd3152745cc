/*
 * compile: query_compile(), which runs the stages (parse, resolve, emit) over one query,
 * and the error helpers they share. See query.h for the contract, query_int.h for the
 * stages and docs/QUERY.md for the language.
 */
#include "query/query_int.h"

#include <stdio.h>
#include <string.h>

#include "core/utf8.h"

static int with_offset(struct err *e, enum err_code code, enum fmsg msg, long pos)
{
	char off[24];
	snprintf(off, sizeof off, "%ld", pos);
	err_set(e, code, NULL);
	e->pos = pos;
	return err_field(e, "query", msg, off);
}

int query_err_syntax(struct err *e, long pos)
{
	return with_offset(e, E_QUERY, FM_QUERY, pos);
}

int query_err_limits(struct err *e, long pos)
{
	return with_offset(e, E_QUERY_LIMITS, FM_QUERY_LIMITS, pos);
}

int query_err(struct err *e, enum err_code code, long pos, const char *arg)
{
	if (arg != NULL) {
		/* A long field code is cut to fit e->arg, at a character boundary. */
		size_t n = strlen(arg);
		if (n >= sizeof e->arg) {
			n = sizeof e->arg - 1;
			while (n > 0 && ((unsigned char)arg[n] & 0xC0) == 0x80)
				n--;
		}
		err_set(e, code, "%.*s", (int)n, arg);
	} else {
		err_set(e, code, NULL);
	}
	e->pos = pos;
	return -1;
}

int query_compile(struct arena *a, const char *q, size_t len, const struct schema *s,
		  const struct query_ctx *ctx, struct query_plan *out, struct err *e)
{
	struct qast ast;
	struct qresolve r = {.a = a, .s = s, .ctx = ctx};
	size_t bad;
	memset(out, 0, sizeof *out);
	out->order_by = "t.\"id\" DESC";
	out->limit = QUERY_LIMIT_DEFAULT;
	if (q == NULL)
		q = "";
	if (len > QUERY_MAX_BYTES)
		return query_err_limits(e, QUERY_MAX_BYTES);
	if (!utf8_valid(q, len, &bad))
		return query_err_syntax(e, (long)bad);
	if (query_parse(a, q, len, ctx->flags, &ast, e) != 0)
		return -1;
	if (ast.where != NULL && query_resolve(&r, ast.where, e) != 0)
		return -1;
	if (query_resolve_order(&r, &ast, out, e) != 0)
		return -1;
	if (query_emit_where(a, ast.where, out, e) != 0)
		return -1;
	out->used = r.used;
	out->n_used = r.n_used;
	out->limit = ast.limit;
	out->offset = ast.offset;
	out->has_limit = ast.has_limit;
	out->has_offset = ast.has_offset;
	return 0;
}
