/*
 * resolve: checks each condition against the schema (field, operator, functions) and
 * has it compiled to one self-delimiting SQL boolean fragment with its parameters
 * (cond.c, cond_date.c); compiles order by.
 *
 * The storage mapping (fields/schema.h) decides the SQL: the record is alias t, a
 * subtable row alias s, system fields are the columns id, revision, creator, modifier,
 * created_at and updated_at. Each fragment binds tighter than AND/OR, so emit.c may join
 * fragments without more parentheses. Values never enter the SQL text: every one becomes
 * a `?` parameter. Fixed SQL constants ('', 0, the LIKE escape '\') are not values and
 * appear as literals.
 *
 * Negations are NULL-safe: `!=`, `not in` and `not like` match exactly the records the
 * positive form does not match, empty values included. A condition on a field inside a
 * SUBTABLE becomes EXISTS (a row matches); its `not in` / `not like` become NOT EXISTS
 * of the positive form (no row matches).
 */
#include "query/query_int.h"

#include <string.h>

#include "core/arena.h"

static const char *system_column(enum field_type t)
{
	switch (t) {
	case FT_ID: case FT_RECORD_NUMBER: return "id";
	case FT_REVISION: return "revision";
	case FT_CREATOR: return "creator";
	case FT_MODIFIER: return "modifier";
	case FT_CREATED_TIME: return "created_at";
	case FT_UPDATED_TIME: return "updated_at";
	default: return NULL;
	}
}

/* Remembers a top-level field the query filters or sorts by (store/indexes.c uses it). */
static void note_used(struct qresolve *r, const struct field_def *f)
{
	for (size_t i = 0; i < r->n_used; i++)
		if (r->used[i] == f)
			return;
	r->used = arena_room(r->a, r->used, r->n_used, &r->cap_used, sizeof *r->used);
	r->used[r->n_used++] = f;
}

static int find_field(struct qresolve *r, const char *code, long pos, struct qtarget *tg,
		      struct err *e)
{
	memset(tg, 0, sizeof *tg);
	tg->code = code;
	if (strcmp(code, "$id") == 0 || strcmp(code, "$revision") == 0) {
		tg->type = code[1] == 'i' ? FT_ID : FT_REVISION;
		tg->column = system_column(tg->type);
		return 0;
	}
	const struct field_def *f = schema_find(r->s, code);
	if (f == NULL)
		return query_err(e, E_QUERY_FIELD, pos, code);
	if (f->parent < 0 && f->type != FT_RECORD_NUMBER)
		note_used(r, f);
	tg->type = f->type;
	tg->column = system_column(f->type);
	if (tg->column == NULL)
		tg->column = f->column;
	if (f->parent >= 0) {
		const struct field_def *t = NULL;
		if ((size_t)f->parent < r->s->n_fields)
			t = &r->s->fields[f->parent];
		if (t == NULL || t->type != FT_SUBTABLE || t->table == NULL)
			return query_err(e, E_INTERNAL, pos, code);
		tg->table = t->table;
	}
	if (tg->column == NULL && f->type != FT_SUBTABLE)
		return query_err(e, E_INTERNAL, pos, code);
	return 0;
}

/* Checks that every function among the values is allowed for the field. */
static int check_funcs(struct qleaf *l, struct err *e)
{
	unsigned allowed = query_type_funcs(l->tg.type);
	for (size_t i = 0; i < l->n->n_vals; i++) {
		const struct qval *v = &l->n->vals[i];
		if (v->kind != QV_FUNC)
			continue;
		if (!(query_func_class(v->func) & allowed))
			return query_err(e, E_QUERY_OPERATOR, v->pos, l->tg.code);
		/* The date functions check their own arguments (dates.c). */
		if ((v->func == QF_LOGINUSER || v->func == QF_NOW) && v->n_args != 0)
			return query_err(e, E_QUERY_ARGS, v->pos, query_func_name(v->func));
	}
	return 0;
}

/* ---- one condition ---- */

static int compile_cond(struct qleaf *l, struct err *e)
{
	switch (l->tg.type) {
	case FT_ID: case FT_REVISION: case FT_RECORD_NUMBER:
		return query_cond_id(l, e);
	case FT_NUMBER:
		return query_cond_number(l, e);
	case FT_DATE: case FT_DATETIME: case FT_CREATED_TIME: case FT_UPDATED_TIME:
		return query_cond_date(l, e);
	case FT_TIME:
		return query_cond_time(l, e);
	case FT_CHECK_BOX: case FT_MULTI_SELECT: case FT_USER_SELECT:
		return query_cond_list(l, e);
	case FT_FILE:
		return query_cond_file(l, e);
	default:
		return query_cond_text(l, e);
	}
}

/*
 * The column reference for a field: t."col", s."col" or, for NUMBER, the _n column. In a
 * sealed app (class I, schema->sealed) the value columns hold ciphertext: they are read
 * through the store's SQL function dc_plain(), and NUMBER compares the opened text as a
 * number (its _n column stays NULL there). System columns are never sealed.
 */
static const char *column_ref(struct arena *a, const struct schema *s, const struct qtarget *tg)
{
	struct qsb b;
	qsb_init(&b, a);
	bool sealed = s->sealed && system_column(tg->type) == NULL && tg->type != FT_ID &&
		      tg->type != FT_REVISION;
	if (sealed)
		qsb_puts(&b, tg->type == FT_NUMBER ? "CAST(nullif(dc_plain(" : "dc_plain(");
	qsb_puts(&b, tg->table ? "s." : "t.");
	if (tg->type == FT_NUMBER && !sealed)
		qsb_ident(&b, arena_printf(a, "%s_n", tg->column));
	else
		qsb_ident(&b, tg->column);
	if (sealed)
		qsb_puts(&b, tg->type == FT_NUMBER ? "), '') AS NUMERIC)" : ")");
	return qsb_str(&b);
}

static int resolve_cond(struct qresolve *r, struct qnode *n, struct err *e)
{
	struct qleaf l = {.r = r, .n = n};
	if (find_field(r, n->field, n->field_pos, &l.tg, e) != 0)
		return -1;
	bool inner = l.tg.table != NULL;
	if (!(query_type_ops(l.tg.type, inner) & query_op_class(n->op)))
		return query_err(e, E_QUERY_OPERATOR, n->op_pos, l.tg.code);
	if (check_funcs(&l, e) != 0)
		return -1;
	l.col = column_ref(r->a, r->s, &l.tg);
	qsb_init(&l.sql, r->a);
	/* Inside a subtable the negative forms are NOT EXISTS of the positive one. */
	bool negate = inner && (n->op == QOP_NOT_IN || n->op == QOP_NOT_LIKE);
	enum qop op = n->op;
	if (negate)
		n->op = n->op == QOP_NOT_IN ? QOP_IN : QOP_LIKE;
	int rc = compile_cond(&l, e);
	n->op = op;
	if (rc != 0)
		return -1;
	const char *frag = qsb_str(&l.sql);
	/* "0" (LOGINUSER() without a user) matches nothing, with or without rows. */
	if (inner && strcmp(frag, "0") != 0) {
		struct qsb w;
		qsb_init(&w, r->a);
		qsb_puts(&w, negate ? "NOT EXISTS (SELECT 1 FROM " : "EXISTS (SELECT 1 FROM ");
		qsb_ident(&w, l.tg.table);
		qsb_puts(&w, " AS s WHERE s.\"record_id\" = t.\"id\" AND ");
		qsb_puts(&w, frag);
		qsb_puts(&w, ")");
		frag = qsb_str(&w);
		l.exists++;
	}
	n->sql = frag;
	n->params = l.params;
	n->n_params = l.n_params;
	n->exists = l.exists;
	r->n_params += l.n_params;
	if (r->n_params > QUERY_MAX_PARAMS)
		return query_err_limits(e, n->field_pos);
	return 0;
}

int query_resolve(struct qresolve *r, struct qnode *n, struct err *e)
{
	if (n->kind == QN_COND)
		return resolve_cond(r, n, e);
	for (size_t i = 0; i < n->n_kids; i++)
		if (query_resolve(r, n->kids[i], e) != 0)
			return -1;
	return 0;
}

int query_resolve_order(struct qresolve *r, const struct qast *ast, struct query_plan *out,
			struct err *e)
{
	struct qsb b;
	bool by_id = false;
	qsb_init(&b, r->a);
	for (size_t i = 0; i < ast->n_order; i++) {
		const struct qorder *o = &ast->order[i];
		struct qtarget tg;
		if (find_field(r, o->field, o->pos, &tg, e) != 0)
			return -1;
		if (tg.table != NULL || !query_type_sortable(tg.type))
			return query_err(e, E_QUERY_OPERATOR, o->pos, tg.code);
		if (i > 0)
			qsb_puts(&b, ", ");
		qsb_puts(&b, column_ref(r->a, r->s, &tg));
		qsb_puts(&b, o->asc ? " ASC" : " DESC");
		by_id = by_id || tg.type == FT_ID || tg.type == FT_RECORD_NUMBER;
	}
	if (!by_id)
		qsb_puts(&b, ast->n_order ? ", t.\"id\" DESC" : "t.\"id\" DESC");
	out->order_by = qsb_str(&b);
	return 0;
}
