/*
 * resolve: checks each condition against the schema and compiles it to one
 * self-delimiting SQL boolean fragment with its parameters; compiles order by.
 *
 * The storage mapping (fields/schema.h) decides the SQL: the record is alias t, a
 * subtable row alias s, NUMBER compares its numeric column <column>_n, list fields are
 * JSON arrays read with json_each, FILE names come from table "files". Each fragment
 * binds tighter than AND/OR, so emit.c may join fragments without more parentheses.
 * Values never enter the SQL text: every one becomes a `?` parameter. Fixed SQL
 * constants ('' and 0) are not values and appear as literals.
 *
 * Negations are NULL-safe: `!=`, `not in` and `not like` match exactly the records the
 * positive form does not match, empty values included. A condition on a field inside a
 * SUBTABLE becomes EXISTS (a row matches); its `not in` / `not like` become NOT EXISTS
 * of the positive form (no row matches).
 */
#include "query/query_int.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"

/* What a condition or sort key refers to. */
struct target {
	const char *code;	/* field code */
	enum field_type type;	/* its type (FT_ID / FT_REVISION for $id / $revision) */
	const char *column;	/* column in its table */
	const char *table;	/* inner fields: the SUBTABLE's child table, else NULL */
};

/* One condition being compiled. */
struct leaf {
	struct qresolve *r;
	struct qnode *n;		/* the condition */
	struct target tg;		/* its field */
	struct qsb sql;			/* the fragment */
	struct query_param *params;	/* its parameters */
	size_t n_params, cap;
	const char *col;		/* the column reference, e.g. t."c_title" */
	int exists;			/* EXISTS nesting in the fragment */
};

/* A period a date or datetime value denotes, as bound texts. */
struct span {
	bool empty;		/* the value was "" (no value) */
	bool single;		/* DATE: one day (lo == hi) */
	char lo[24];		/* DATE: first day; DATETIME: first instant */
	char hi[24];		/* DATE: last day; DATETIME: first instant after the period */
};

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

static int find_field(struct qresolve *r, const char *code, long pos, struct target *tg,
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

/* ---- fragment writing ---- */

static void put(struct leaf *l, const char *s)
{
	qsb_puts(&l->sql, s);
}

static void param(struct leaf *l, struct query_param p)
{
	if (l->n_params == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 4;
		l->params = arena_grow(l->r->a, l->params, l->n_params, l->cap, sizeof *l->params);
	}
	l->params[l->n_params++] = p;
}

static void param_text(struct leaf *l, const char *s)
{
	param(l, (struct query_param){.kind = QP_TEXT, .text = s});
}

/* Writes the column, then s, then binds one text parameter. */
static void col_op_text(struct leaf *l, const char *s, const char *v)
{
	put(l, l->col);
	put(l, s);
	param_text(l, v);
}

/* Opens "(<column> IS NULL OR "; the caller closes the parenthesis. */
static void null_or(struct leaf *l)
{
	put(l, "(");
	put(l, l->col);
	put(l, " IS NULL OR ");
}

/* Writes "(?, ?, ...)" for n parameters. */
static void qlist(struct leaf *l, size_t n)
{
	put(l, "(");
	for (size_t i = 0; i < n; i++)
		put(l, i ? ", ?" : "?");
	put(l, ")");
}

/* ---- values ---- */

/* The text of value v for text-like fields; NULL for LOGINUSER() without a user. */
static const char *value_text(struct leaf *l, const struct qval *v)
{
	if (v->kind == QV_FUNC)
		return l->r->ctx->login_user;	/* LOGINUSER(), the only one allowed here */
	return v->text;
}

/* Checks that every function among the values is allowed for the field. */
static int check_funcs(struct leaf *l, struct err *e)
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

/* ---- text, choice and user fields ---- */

/*
 * Collects the values of an in-list as text parameters. *nobody is set when
 * LOGINUSER() has no user (the condition then matches nothing); *empty when "" is
 * among them. With keep_empty false, "" is left out of the parameters.
 */
static size_t text_list(struct leaf *l, bool keep_empty, bool *empty, bool *nobody)
{
	size_t k = 0;
	*empty = *nobody = false;
	for (size_t i = 0; i < l->n->n_vals; i++) {
		const char *t = value_text(l, &l->n->vals[i]);
		if (t == NULL) {
			*nobody = true;
			continue;
		}
		if (*t == '\0') {
			*empty = true;
			if (!keep_empty)
				continue;
		}
		param_text(l, t);
		k++;
	}
	return k;
}

static int text_cond(struct leaf *l, struct err *e)
{
	const char *c = l->col, *v = NULL;
	bool empty, nobody;
	size_t k;
	if (l->n->n_vals > 0)
		v = value_text(l, &l->n->vals[0]);
	if (v == NULL && l->n->op != QOP_EMPTY && l->n->op != QOP_NOT_EMPTY &&
	    l->n->op != QOP_IN && l->n->op != QOP_NOT_IN) {
		put(l, "0");	/* LOGINUSER() without a user matches nothing */
		return 0;
	}
	switch (l->n->op) {
	case QOP_EQ:
		if (*v != '\0') {
			col_op_text(l, " = ?", v);
		} else {
			null_or(l);
			col_op_text(l, " = ?)", v);
		}
		break;
	case QOP_NE:
		col_op_text(l, *v != '\0' ? " IS NOT ?" : " <> ?", v);
		break;
	case QOP_IN:
	case QOP_NOT_IN: {
		k = text_list(l, true, &empty, &nobody);
		if (nobody) {
			l->n_params = 0;
			put(l, "0");
			break;
		}
		/* in: empty (NULL) or listed; not in: set and not listed ("" included). */
		bool in = l->n->op == QOP_IN, wrap = in ? empty : !empty;
		if (wrap)
			null_or(l);
		put(l, c);
		put(l, in ? " IN " : " NOT IN ");
		qlist(l, k);
		if (wrap)
			put(l, ")");
		break;
	}
	case QOP_LIKE:
		col_op_text(l, " LIKE ? ESCAPE '\\'", query_like_pattern(l->r->a, v));
		break;
	case QOP_NOT_LIKE:
		null_or(l);
		col_op_text(l, " NOT LIKE ? ESCAPE '\\')", query_like_pattern(l->r->a, v));
		break;
	case QOP_EMPTY:
		null_or(l);
		put(l, "trim(");
		put(l, c);
		put(l, ", char(32, 9, 10, 13)) = '')");
		break;
	case QOP_NOT_EMPTY:
		put(l, "trim(");
		put(l, c);
		put(l, ", char(32, 9, 10, 13)) <> ''");
		break;
	default:
		return query_err(e, E_INTERNAL, l->n->op_pos, l->tg.code);
	}
	return 0;
}

/* ---- $id, $revision, RECORD_NUMBER ---- */

static int id_cond(struct leaf *l, struct err *e)
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
		param(l, (struct query_param){.kind = QP_INT, .i = v});
	}
	put(l, l->col);
	if (l->n->op == QOP_IN || l->n->op == QOP_NOT_IN) {
		put(l, l->n->op == QOP_IN ? " IN " : " NOT IN ");
		qlist(l, l->n_params);
	} else {
		put(l, ops[l->n->op]);
	}
	return 0;
}

/* ---- NUMBER ---- */

static int number_cond(struct leaf *l, struct err *e)
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
		param(l, p);
	}
	enum qop op = l->n->op;
	if (op == QOP_IN || op == QOP_NOT_IN) {
		bool in = op == QOP_IN;
		if (l->n_params == 0) {
			put(l, c);
			put(l, in ? " IS NULL" : " IS NOT NULL");
			return 0;
		}
		/* in: empty or listed; not in: set and not listed. */
		bool wrap = in ? empty : !empty;
		if (wrap)
			null_or(l);
		put(l, c);
		put(l, in ? " IN " : " NOT IN ");
		qlist(l, l->n_params);
		if (wrap)
			put(l, ")");
		return 0;
	}
	if (empty) {
		if (op != QOP_EQ && op != QOP_NE)
			return query_err_syntax(e, l->n->vals[0].pos);
		put(l, c);
		put(l, op == QOP_EQ ? " IS NULL" : " IS NOT NULL");
		return 0;
	}
	put(l, c);
	put(l, ops[op]);
	return 0;
}

/* ---- DATE, TIME, DATETIME, CREATED_TIME, UPDATED_TIME ---- */

static bool is_datetime(enum field_type t)
{
	return t == FT_DATETIME || t == FT_CREATED_TIME || t == FT_UPDATED_TIME;
}

/* UTC text of an instant; the end of year 9999 gets a sentinel that sorts last. */
static void fmt_instant(time_t t, char *out)
{
	if (t >= (time_t)253402300800LL)	/* 10000-01-01T00:00:00Z */
		snprintf(out, 24, "9999-12-31T24:00:00Z");
	else
		time_fmt_utc(t, out);
}

/* The minute containing instant t. */
static void minute_span(time_t t, struct span *sp)
{
	time_t s = t - ((t % 60) + 60) % 60;
	fmt_instant(s, sp->lo);
	fmt_instant(s + 60, sp->hi);
}

/* Local days [a, b] as DATE texts or as UTC instants. */
static void day_span(struct ymd a, struct ymd b, bool datetime, struct span *sp)
{
	if (datetime) {
		fmt_instant(time_local_midnight(a), sp->lo);
		fmt_instant(time_local_midnight(ymd_add_days(b, 1)), sp->hi);
	} else {
		ymd_fmt(a, sp->lo);
		ymd_fmt(b, sp->hi);
		sp->single = ymd_cmp(a, b) == 0;
	}
}

/* Parses "YYYY-MM-DD" text into a ymd (text already canonical). */
static struct ymd ymd_of(const char *s)
{
	return (struct ymd){(s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
			    (s[3] - '0'), (s[5] - '0') * 10 + (s[6] - '0'),
			    (s[8] - '0') * 10 + (s[9] - '0')};
}

static int date_value(struct leaf *l, const struct qval *v, struct span *sp, struct err *e)
{
	bool dt = is_datetime(l->tg.type);
	char day[11];
	memset(sp, 0, sizeof *sp);
	if (v->kind == QV_FUNC) {
		struct qperiod p;
		if (v->func == QF_NOW) {
			minute_span(l->r->ctx->now, sp);
			return 0;
		}
		if (query_func_period(v, l->r->ctx->now, &p, e) != 0)
			return -1;
		day_span(p.start, p.end, dt, sp);
		return 0;
	}
	if (v->kind == QV_STRING && v->text[0] == '\0') {
		sp->empty = true;
		return 0;
	}
	if (!dt || strpbrk(v->text, "Tt ") == NULL) {
		if (!time_parse_date(v->text, day))
			return query_err_syntax(e, v->pos);
		day_span(ymd_of(day), ymd_of(day), dt, sp);
		return 0;
	}
	time_t t;
	if (!time_parse_datetime(v->text, &t))
		return query_err_syntax(e, v->pos);
	minute_span(t, sp);
	return 0;
}

/* The "inside the period" test for one span. */
static void date_eq(struct leaf *l, const struct span *sp, bool dt)
{
	const char *c = l->col;
	if (sp->empty) {
		put(l, c);
		put(l, " IS NULL");
	} else if (!dt && sp->single) {
		col_op_text(l, " = ?", arena_strdup(l->r->a, sp->lo));
	} else {
		put(l, "(");
		col_op_text(l, " >= ? AND ", arena_strdup(l->r->a, sp->lo));
		col_op_text(l, dt ? " < ?)" : " <= ?)", arena_strdup(l->r->a, sp->hi));
	}
}

/* The "outside the period" test (NULL-safe). */
static void date_ne(struct leaf *l, const struct span *sp, bool dt)
{
	const char *c = l->col;
	if (sp->empty) {
		put(l, c);
		put(l, " IS NOT NULL");
	} else if (!dt && sp->single) {
		col_op_text(l, " IS NOT ?", arena_strdup(l->r->a, sp->lo));
	} else {
		null_or(l);
		col_op_text(l, " < ? OR ", arena_strdup(l->r->a, sp->lo));
		col_op_text(l, dt ? " >= ?)" : " > ?)", arena_strdup(l->r->a, sp->hi));
	}
}

/* Joins n "inside" tests with OR, eight at a time so the SQL stays shallow. */
static void date_any(struct leaf *l, const struct span *sps, size_t n, bool dt)
{
	if (n == 1) {
		date_eq(l, &sps[0], dt);
		return;
	}
	size_t per = 1;
	while (per * 8 < n)
		per *= 8;
	put(l, "(");
	for (size_t i = 0; i < n; i += per) {
		if (i)
			put(l, " OR ");
		date_any(l, sps + i, n - i < per ? n - i : per, dt);
	}
	put(l, ")");
}

static int date_cond(struct leaf *l, struct err *e)
{
	bool dt = is_datetime(l->tg.type);
	size_t n = l->n->n_vals;
	struct span *sps = arena_alloc(l->r->a, n * sizeof *sps);
	for (size_t i = 0; i < n; i++)
		if (date_value(l, &l->n->vals[i], &sps[i], e) != 0)
			return -1;
	struct span *sp = &sps[0];
	const char *lo = arena_strdup(l->r->a, sp->lo), *hi = arena_strdup(l->r->a, sp->hi);
	switch (l->n->op) {
	case QOP_EQ:
		date_eq(l, sp, dt);
		return 0;
	case QOP_NE:
		date_ne(l, sp, dt);
		return 0;
	case QOP_IN:
		date_any(l, sps, n, dt);
		return 0;
	default:
		break;
	}
	if (sp->empty)
		return query_err_syntax(e, l->n->vals[0].pos);
	switch (l->n->op) {
	case QOP_LT:	/* before the period */
		col_op_text(l, " < ?", lo);
		break;
	case QOP_LE:	/* up to its end */
		col_op_text(l, dt ? " < ?" : " <= ?", hi);
		break;
	case QOP_GT:	/* after its end */
		col_op_text(l, dt ? " >= ?" : " > ?", hi);
		break;
	case QOP_GE:	/* from its start */
		col_op_text(l, " >= ?", lo);
		break;
	default:
		return query_err(e, E_INTERNAL, l->n->op_pos, l->tg.code);
	}
	return 0;
}

static int time_cond(struct leaf *l, struct err *e)
{
	static const char *const ops[] = {
		[QOP_EQ] = " = ?", [QOP_NE] = " IS NOT ?", [QOP_LT] = " < ?", [QOP_GT] = " > ?",
		[QOP_LE] = " <= ?", [QOP_GE] = " >= ?",
	};
	bool empty = false;
	for (size_t i = 0; i < l->n->n_vals; i++) {
		const struct qval *v = &l->n->vals[i];
		char hm[6];
		if (v->kind == QV_STRING && v->text[0] == '\0') {
			empty = true;
			continue;
		}
		if (!time_parse_time(v->text, hm))
			return query_err_syntax(e, v->pos);
		param_text(l, arena_strdup(l->r->a, hm));
	}
	const char *c = l->col;
	enum qop op = l->n->op;
	if (op == QOP_IN) {
		if (l->n_params == 0) {
			put(l, c);
			put(l, " IS NULL");
			return 0;
		}
		if (empty)
			null_or(l);
		put(l, c);
		put(l, " IN ");
		qlist(l, l->n_params);
		if (empty)
			put(l, ")");
		return 0;
	}
	if (empty) {
		if (op != QOP_EQ && op != QOP_NE)
			return query_err_syntax(e, l->n->vals[0].pos);
		put(l, c);
		put(l, op == QOP_EQ ? " IS NULL" : " IS NOT NULL");
		return 0;
	}
	if (op >= QOP_IN)
		return query_err(e, E_INTERNAL, l->n->op_pos, l->tg.code);
	put(l, c);
	put(l, ops[op]);
	return 0;
}

/* ---- CHECK_BOX, MULTI_SELECT, USER_SELECT, FILE ---- */

static void put_json_empty(struct leaf *l)
{
	null_or(l);
	put(l, "json_array_length(");
	put(l, l->col);
	put(l, ") = 0)");
}

static int list_cond(struct leaf *l, struct err *e)
{
	bool empty, nobody;
	size_t k = text_list(l, false, &empty, &nobody);
	if (nobody) {
		l->n_params = 0;
		put(l, "0");
		return 0;
	}
	if (l->n->op == QOP_NOT_IN)
		put(l, "NOT ");
	if (k == 0) {
		put_json_empty(l);
		return 0;
	}
	if (empty) {
		null_or(l);
		put(l, "json_array_length(");
		put(l, l->col);
		put(l, ") = 0 OR ");
	}
	put(l, "EXISTS (SELECT 1 FROM json_each(");
	put(l, l->col);
	put(l, ") AS j WHERE j.value IN ");
	qlist(l, k);
	put(l, ")");
	if (empty)
		put(l, ")");
	l->exists++;
	return 0;
}

static int file_cond(struct leaf *l, struct err *e)
{
	switch (l->n->op) {
	case QOP_EMPTY:
		put_json_empty(l);
		return 0;
	case QOP_NOT_EMPTY:
		put(l, "json_array_length(");
		put(l, l->col);
		put(l, ") > 0");
		return 0;
	case QOP_LIKE:
	case QOP_NOT_LIKE:
		if (l->n->op == QOP_NOT_LIKE)
			put(l, "NOT ");
		put(l, "EXISTS (SELECT 1 FROM json_each(");
		put(l, l->col);
		put(l, ") AS j JOIN \"files\" AS f ON f.\"key\" = j.value "
		       "WHERE f.\"name\" LIKE ? ESCAPE '\\')");
		param_text(l, query_like_pattern(l->r->a, l->n->vals[0].text));
		l->exists++;
		return 0;
	default:
		return query_err(e, E_INTERNAL, l->n->op_pos, l->tg.code);
	}
}

/* ---- one condition ---- */

static int compile_cond(struct leaf *l, struct err *e)
{
	switch (l->tg.type) {
	case FT_ID: case FT_REVISION: case FT_RECORD_NUMBER:
		return id_cond(l, e);
	case FT_NUMBER:
		return number_cond(l, e);
	case FT_DATE: case FT_DATETIME: case FT_CREATED_TIME: case FT_UPDATED_TIME:
		return date_cond(l, e);
	case FT_TIME:
		return time_cond(l, e);
	case FT_CHECK_BOX: case FT_MULTI_SELECT: case FT_USER_SELECT:
		return list_cond(l, e);
	case FT_FILE:
		return file_cond(l, e);
	default:
		return text_cond(l, e);
	}
}

/* The column reference for a field: t."col", s."col" or, for NUMBER, the _n column. */
static const char *column_ref(struct arena *a, const struct target *tg)
{
	struct qsb b;
	qsb_init(&b, a);
	qsb_puts(&b, tg->table ? "s." : "t.");
	if (tg->type == FT_NUMBER)
		qsb_ident(&b, arena_printf(a, "%s_n", tg->column));
	else
		qsb_ident(&b, tg->column);
	return qsb_str(&b);
}

static int resolve_cond(struct qresolve *r, struct qnode *n, struct err *e)
{
	struct leaf l = {.r = r, .n = n};
	if (find_field(r, n->field, n->field_pos, &l.tg, e) != 0)
		return -1;
	bool inner = l.tg.table != NULL;
	if (!(query_type_ops(l.tg.type, inner) & query_op_class(n->op)))
		return query_err(e, E_QUERY_OPERATOR, n->op_pos, l.tg.code);
	if (check_funcs(&l, e) != 0)
		return -1;
	l.col = column_ref(r->a, &l.tg);
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
		struct target tg;
		if (find_field(r, o->field, o->pos, &tg, e) != 0)
			return -1;
		if (tg.table != NULL || !query_type_sortable(tg.type))
			return query_err(e, E_QUERY_OPERATOR, o->pos, tg.code);
		if (i > 0)
			qsb_puts(&b, ", ");
		qsb_puts(&b, column_ref(r->a, &tg));
		qsb_puts(&b, o->asc ? " ASC" : " DESC");
		by_id = by_id || tg.type == FT_ID || tg.type == FT_RECORD_NUMBER;
	}
	if (!by_id)
		qsb_puts(&b, ast->n_order ? ", t.\"id\" DESC" : "t.\"id\" DESC");
	out->order_by = qsb_str(&b);
	return 0;
}
