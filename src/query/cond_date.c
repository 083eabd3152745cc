/*
 * cond_date: SQL for conditions on DATE, TIME, DATETIME, CREATED_TIME and UPDATED_TIME.
 *
 * Every value denotes a period: a DATE literal one day, a DATETIME literal its minute, a
 * date-only literal against a DATETIME field that local day, NOW() the current minute, a
 * date function its days (dates.c). DATE compares "YYYY-MM-DD" texts with inclusive
 * bounds; DATETIME compares UTC "YYYY-MM-DDTHH:MM:SSZ" texts (whose order is the order
 * in time) against [first instant, first instant after). TIME compares "HH:MM" texts.
 */
#include "query/query_int.h"

#include <stdio.h>
#include <string.h>

#include "core/arena.h"

/* A period a date or datetime value denotes, as bound texts. */
struct span {
	bool empty;		/* the value was "" (no value) */
	bool single;		/* DATE: one day (lo == hi) */
	char lo[24];		/* DATE: first day; DATETIME: first instant */
	char hi[24];		/* DATE: last day; DATETIME: first instant after the period */
};

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

static int date_value(struct qleaf *l, const struct qval *v, struct span *sp, struct err *e)
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
static void date_eq(struct qleaf *l, const struct span *sp, bool dt)
{
	const char *c = l->col;
	if (sp->empty) {
		qleaf_put(l, c);
		qleaf_put(l, " IS NULL");
	} else if (!dt && sp->single) {
		qleaf_col_op(l, " = ?", arena_strdup(l->r->a, sp->lo));
	} else {
		qleaf_put(l, "(");
		qleaf_col_op(l, " >= ? AND ", arena_strdup(l->r->a, sp->lo));
		qleaf_col_op(l, dt ? " < ?)" : " <= ?)", arena_strdup(l->r->a, sp->hi));
	}
}

/* The "outside the period" test (NULL-safe). */
static void date_ne(struct qleaf *l, const struct span *sp, bool dt)
{
	const char *c = l->col;
	if (sp->empty) {
		qleaf_put(l, c);
		qleaf_put(l, " IS NOT NULL");
	} else if (!dt && sp->single) {
		qleaf_col_op(l, " IS NOT ?", arena_strdup(l->r->a, sp->lo));
	} else {
		qleaf_null_or(l);
		qleaf_col_op(l, " < ? OR ", arena_strdup(l->r->a, sp->lo));
		qleaf_col_op(l, dt ? " >= ?)" : " > ?)", arena_strdup(l->r->a, sp->hi));
	}
}

/* Joins n "inside" tests with OR, eight at a time so the SQL stays shallow. */
static void date_any(struct qleaf *l, const struct span *sps, size_t n, bool dt)
{
	if (n == 1) {
		date_eq(l, &sps[0], dt);
		return;
	}
	size_t per = 1;
	while (per * 8 < n)
		per *= 8;
	qleaf_put(l, "(");
	for (size_t i = 0; i < n; i += per) {
		if (i)
			qleaf_put(l, " OR ");
		date_any(l, sps + i, n - i < per ? n - i : per, dt);
	}
	qleaf_put(l, ")");
}

int query_cond_date(struct qleaf *l, struct err *e)
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
		qleaf_col_op(l, " < ?", lo);
		break;
	case QOP_LE:	/* up to its end */
		qleaf_col_op(l, dt ? " < ?" : " <= ?", hi);
		break;
	case QOP_GT:	/* after its end */
		qleaf_col_op(l, dt ? " >= ?" : " > ?", hi);
		break;
	case QOP_GE:	/* from its start */
		qleaf_col_op(l, " >= ?", lo);
		break;
	default:
		return query_err(e, E_INTERNAL, l->n->op_pos, l->tg.code);
	}
	return 0;
}

int query_cond_time(struct qleaf *l, struct err *e)
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
		qleaf_text(l, arena_strdup(l->r->a, hm));
	}
	const char *c = l->col;
	enum qop op = l->n->op;
	if (op == QOP_IN) {
		if (l->n_params == 0) {
			qleaf_put(l, c);
			qleaf_put(l, " IS NULL");
			return 0;
		}
		if (empty)
			qleaf_null_or(l);
		qleaf_put(l, c);
		qleaf_put(l, " IN ");
		qleaf_qlist(l, l->n_params);
		if (empty)
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
	if (op >= QOP_IN)
		return query_err(e, E_INTERNAL, l->n->op_pos, l->tg.code);
	qleaf_put(l, c);
	qleaf_put(l, ops[op]);
	return 0;
}
