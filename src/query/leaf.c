/*
 * leaf: the helpers every condition compiler (cond.c, cond_date.c) writes its SQL
 * fragment and parameters with; see struct qleaf in query_int.h.
 */
#include "query/query_int.h"

#include "core/arena.h"

void qleaf_put(struct qleaf *l, const char *s)
{
	qsb_puts(&l->sql, s);
}

void qleaf_param(struct qleaf *l, struct query_param p)
{
	l->params = arena_room(l->r->a, l->params, l->n_params, &l->cap, sizeof *l->params);
	l->params[l->n_params++] = p;
}

void qleaf_text(struct qleaf *l, const char *s)
{
	qleaf_param(l, (struct query_param){.kind = QP_TEXT, .text = s});
}

void qleaf_col_op(struct qleaf *l, const char *s, const char *v)
{
	qleaf_put(l, l->col);
	qleaf_put(l, s);
	qleaf_text(l, v);
}

void qleaf_null_or(struct qleaf *l)
{
	qleaf_put(l, "(");
	qleaf_put(l, l->col);
	qleaf_put(l, " IS NULL OR ");
}

void qleaf_qlist(struct qleaf *l, size_t n)
{
	qleaf_put(l, "(");
	for (size_t i = 0; i < n; i++)
		qleaf_put(l, i ? ", ?" : "?");
	qleaf_put(l, ")");
}

const char *qleaf_value_text(const struct qleaf *l, const struct qval *v)
{
	if (v->kind == QV_FUNC)
		return l->r->ctx->login_user;	/* LOGINUSER(), the only one allowed here */
	return v->text;
}
