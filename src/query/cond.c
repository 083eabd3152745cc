/*
 * cond: SQL for conditions on text, choice, user, number, id, list and file fields.
 *
 * Text (SINGLE_LINE_TEXT, LINK, MULTI_LINE_TEXT, RICH_TEXT) and single choices (RADIO_BUTTON,
 * DROP_DOWN, CREATOR, MODIFIER) compare their column; NUMBER its numeric column <column>_n;
 * $id, $revision and RECORD_NUMBER the integer system columns; CHECK_BOX, MULTI_SELECT and
 * USER_SELECT look into their JSON array with json_each; FILE joins its array of keys to
 * the table "files" for the names. Empty is NULL, '' or [] alike, and every negation is the
 * exact complement of its positive form.
 */
#include "query/query_int.h"

#include "core/arena.h"

/* ---- text, choice and user fields ---- */

/*
 * Collects the values of an in-list as text parameters. *nobody is set when
 * LOGINUSER() has no user (the condition then matches nothing); *empty when "" is
 * among them. With keep_empty false, "" is left out of the parameters.
 */
static size_t text_list(struct qleaf *l, bool keep_empty, bool *empty, bool *nobody)
{
	size_t k = 0;
	*empty = *nobody = false;
	for (size_t i = 0; i < l->n->n_vals; i++) {
		const char *t = qleaf_value_text(l, &l->n->vals[i]);
		if (t == NULL) {
			*nobody = true;
			continue;
		}
		if (*t == '\0') {
			*empty = true;
			if (!keep_empty)
				continue;
		}
		qleaf_text(l, t);
		k++;
	}
	return k;
}

int query_cond_text(struct qleaf *l, struct err *e)
{
	const char *c = l->col, *v = NULL;
	bool empty, nobody;
	size_t k;
	if (l->n->n_vals > 0)
		v = qleaf_value_text(l, &l->n->vals[0]);
	if (v == NULL && l->n->op != QOP_EMPTY && l->n->op != QOP_NOT_EMPTY &&
	    l->n->op != QOP_IN && l->n->op != QOP_NOT_IN) {
		qleaf_put(l, "0");	/* LOGINUSER() without a user matches nothing */
		return 0;
	}
	switch (l->n->op) {
	case QOP_EQ:
		if (*v != '\0') {
			qleaf_col_op(l, " = ?", v);
		} else {
			qleaf_null_or(l);
			qleaf_col_op(l, " = ?)", v);
		}
		break;
	case QOP_NE:
		qleaf_col_op(l, *v != '\0' ? " IS NOT ?" : " <> ?", v);
		break;
	case QOP_IN:
	case QOP_NOT_IN: {
		k = text_list(l, true, &empty, &nobody);
		if (nobody) {
			l->n_params = 0;
			qleaf_put(l, "0");
			break;
		}
		/* in: empty (NULL) or listed; not in: set and not listed ("" included). */
		bool in = l->n->op == QOP_IN, wrap = in ? empty : !empty;
		if (wrap)
			qleaf_null_or(l);
		qleaf_put(l, c);
		qleaf_put(l, in ? " IN " : " NOT IN ");
		qleaf_qlist(l, k);
		if (wrap)
			qleaf_put(l, ")");
		break;
	}
	case QOP_LIKE:
		qleaf_col_op(l, " LIKE ? ESCAPE '\\'", query_like_pattern(l->r->a, v));
		break;
	case QOP_NOT_LIKE:
		qleaf_null_or(l);
		qleaf_col_op(l, " NOT LIKE ? ESCAPE '\\')", query_like_pattern(l->r->a, v));
		break;
	case QOP_EMPTY:
		qleaf_null_or(l);
		qleaf_put(l, "trim(");
		qleaf_put(l, c);
		qleaf_put(l, ", char(32, 9, 10, 13)) = '')");
		break;
	case QOP_NOT_EMPTY:
		qleaf_put(l, "trim(");
		qleaf_put(l, c);
		qleaf_put(l, ", char(32, 9, 10, 13)) <> ''");
		break;
	default:
		return query_err(e, E_INTERNAL, l->n->op_pos, l->tg.code);
	}
	return 0;
}

/* ---- $id, $revision, RECORD_NUMBER ---- */

int query_cond_id(struct qleaf *l, struct err *e)
{
	static const char *const ops[] = {
		[QOP_EQ] = " = ?", [QOP_NE] = " <> ?", [QOP_LT] = " < ?", [QOP_GT] = " > ?",
		[QOP_LE] = " <= ?", [QOP_GE] = " >= ?",
	};
	const char *app_code = l->tg.type == FT_RECORD_NUMBER ? l->r->s->app_code : NULL;
	for (size_t i = 0; i < l->n->n_vals; i++) {
		int64_t v;
		if (!query_value_int(l->n->vals[i].text, app_code, &v))
			return query_err_syntax(e, l->n->vals[i].pos);
		qleaf_param(l, (struct query_param){.kind = QP_INT, .i = v});
	}
	qleaf_put(l, l->col);
	if (l->n->op == QOP_IN || l->n->op == QOP_NOT_IN) {
		qleaf_put(l, l->n->op == QOP_IN ? " IN " : " NOT IN ");
		qleaf_qlist(l, l->n_params);
	} else {
		qleaf_put(l, ops[l->n->op]);
	}
	return 0;
}

/* ---- NUMBER ---- */

int query_cond_number(struct qleaf *l, struct err *e)
{
	static const char *const ops[] = {
		[QOP_EQ] = " = ?", [QOP_NE] = " IS NOT ?", [QOP_LT] = " < ?", [QOP_GT] = " > ?",
		[QOP_LE] = " <= ?", [QOP_GE] = " >= ?",
	};
	const char *c = l->col;
	bool empty = false;
	for (size_t i = 0; i < l->n->n_vals; i++) {
		const struct qval *v = &l->n->vals[i];
		struct query_param p;
		if (v->kind == QV_STRING && v->text[0] == '\0') {
			empty = true;
			continue;
		}
		if (!query_value_number(v->text, &p))
			return query_err_syntax(e, v->pos);
		qleaf_param(l, p);
	}
	enum qop op = l->n->op;
	if (op == QOP_IN || op == QOP_NOT_IN) {
		bool in = op == QOP_IN;
		if (l->n_params == 0) {
			qleaf_put(l, c);
			qleaf_put(l, in ? " IS NULL" : " IS NOT NULL");
			return 0;
		}
		/* in: empty or listed; not in: set and not listed. */
		bool wrap = in ? empty : !empty;
		if (wrap)
			qleaf_null_or(l);
		qleaf_put(l, c);
		qleaf_put(l, in ? " IN " : " NOT IN ");
		qleaf_qlist(l, l->n_params);
		if (wrap)
			qleaf_put(l, ")");
		return 0;
	}
	if (empty) {
		if (op != QOP_EQ && op != QOP_NE)
			return query_err_syntax(e, l->n->vals[0].pos);
		qleaf_put(l, c);
		qleaf_put(l, op == QOP_EQ ? " IS NULL" : " IS NOT NULL");
		return 0;
	}
	qleaf_put(l, c);
	qleaf_put(l, ops[op]);
	return 0;
}

/* ---- CHECK_BOX, MULTI_SELECT, USER_SELECT, FILE ---- */

static void put_json_empty(struct qleaf *l)
{
	qleaf_null_or(l);
	qleaf_put(l, "json_array_length(");
	qleaf_put(l, l->col);
	qleaf_put(l, ") = 0)");
}

int query_cond_list(struct qleaf *l, struct err *e)
{
	bool empty, nobody;
	size_t k = text_list(l, false, &empty, &nobody);
	if (nobody) {
		l->n_params = 0;
		qleaf_put(l, "0");
		return 0;
	}
	if (l->n->op == QOP_NOT_IN)
		qleaf_put(l, "NOT ");
	if (k == 0) {
		put_json_empty(l);
		return 0;
	}
	if (empty) {
		qleaf_null_or(l);
		qleaf_put(l, "json_array_length(");
		qleaf_put(l, l->col);
		qleaf_put(l, ") = 0 OR ");
	}
	qleaf_put(l, "EXISTS (SELECT 1 FROM json_each(");
	qleaf_put(l, l->col);
	qleaf_put(l, ") AS j WHERE j.value IN ");
	qleaf_qlist(l, k);
	qleaf_put(l, ")");
	if (empty)
		qleaf_put(l, ")");
	l->exists++;
	return 0;
}

int query_cond_file(struct qleaf *l, struct err *e)
{
	switch (l->n->op) {
	case QOP_EMPTY:
		put_json_empty(l);
		return 0;
	case QOP_NOT_EMPTY:
		qleaf_put(l, "json_array_length(");
		qleaf_put(l, l->col);
		qleaf_put(l, ") > 0");
		return 0;
	case QOP_LIKE:
	case QOP_NOT_LIKE:
		if (l->n->op == QOP_NOT_LIKE)
			qleaf_put(l, "NOT ");
		qleaf_put(l, "EXISTS (SELECT 1 FROM json_each(");
		qleaf_put(l, l->col);
		/* Class I apps keep file names sealed too (store/sealing.h). */
		qleaf_put(l, l->r->s->sealed
			  ? ") AS j JOIN \"files\" AS f ON f.\"key\" = j.value "
			    "WHERE dc_plain(f.\"name\") LIKE ? ESCAPE '\\')"
			  : ") AS j JOIN \"files\" AS f ON f.\"key\" = j.value "
			    "WHERE f.\"name\" LIKE ? ESCAPE '\\')");
		qleaf_text(l, query_like_pattern(l->r->a, l->n->vals[0].text));
		l->exists++;
		return 0;
	default:
		return query_err(e, E_INTERNAL, l->n->op_pos, l->tg.code);
	}
}
