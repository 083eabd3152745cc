/*
 * dates: the period of local calendar days each date function denotes.
 *
 * Evaluated at the caller's `now` in the process time zone. Weeks run Sunday to
 * Saturday. THIS_MONTH(n) in a month shorter than n days means the month's last day.
 * Argument words (DAYS, MONDAY, LAST) are matched in any case.
 */
#include "query/query_int.h"

#include <strings.h>

#include "core/strutil.h"

static const char *const weekdays[7] = {
	"SUNDAY", "MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY",
};

/* Years outside 1..9999 cannot be written as YYYY-MM-DD. */
static bool year_ok(struct ymd d)
{
	return d.y >= 1 && d.y <= 9999;
}

static int wrong_args(const struct qval *v, struct err *e)
{
	return query_err(e, E_QUERY_ARGS, v->pos, query_func_name(v->func));
}

/* FROM_TODAY(n, DAYS|WEEKS|MONTHS|YEARS) */
static int from_today(const struct qval *v, struct ymd today, struct ymd *out, struct err *e)
{
	int64_t n;
	if (v->n_args != 2)
		return wrong_args(v, e);
	if (!str_to_i64(v->args[0].text, &n) || n < -4000000 || n > 4000000)
		return query_err_syntax(e, v->args[0].pos);
	const char *unit = v->args[1].text;
	int64_t months = 0;
	if (strcasecmp(unit, "DAYS") == 0) {
		*out = ymd_add_days(today, (int)n);
	} else if (strcasecmp(unit, "WEEKS") == 0) {
		if (n < -600000 || n > 600000)
			return query_err_syntax(e, v->args[0].pos);
		*out = ymd_add_days(today, (int)n * 7);
	} else if (strcasecmp(unit, "MONTHS") == 0 || strcasecmp(unit, "YEARS") == 0) {
		months = strcasecmp(unit, "YEARS") == 0 ? n * 12 : n;
		int64_t idx = (int64_t)today.y * 12 + (today.m - 1) + months;
		if (idx < 12 || idx > 9999 * 12 + 11)
			return query_err_syntax(e, v->args[0].pos);
		*out = ymd_add_months(today, (int)months);
	} else {
		return query_err(e, E_QUERY_UNIT, v->args[1].pos, unit);
	}
	if (!year_ok(*out))
		return query_err_syntax(e, v->args[0].pos);
	return 0;
}

/* THIS_WEEK([day]) and its neighbours; shift is -1, 0 or 1 weeks. */
static int week(const struct qval *v, struct ymd today, int wday, int shift,
		struct qperiod *out, struct err *e)
{
	if (v->n_args > 1)
		return wrong_args(v, e);
	struct ymd sunday = ymd_add_days(today, shift * 7 - wday);
	out->start = sunday;
	out->end = ymd_add_days(sunday, 6);
	if (v->n_args == 1) {
		int d;
		for (d = 0; d < 7; d++)
			if (strcasecmp(v->args[0].text, weekdays[d]) == 0)
				break;
		if (d == 7)
			return query_err(e, E_QUERY_DAY, v->args[0].pos, v->args[0].text);
		out->start = out->end = ymd_add_days(sunday, d);
	}
	return 0;
}

/* THIS_MONTH([n|LAST]) and its neighbours; shift is -1, 0 or 1 months. */
static int month(const struct qval *v, struct ymd today, int shift, struct qperiod *out,
		 struct err *e)
{
	if (v->n_args > 1)
		return wrong_args(v, e);
	struct ymd first = ymd_add_months((struct ymd){today.y, today.m, 1}, shift);
	int dim = ymd_days_in_month(first.y, first.m);
	out->start = first;
	out->end = (struct ymd){first.y, first.m, dim};
	if (v->n_args == 1) {
		const char *a = v->args[0].text;
		int64_t d;
		if (strcasecmp(a, "LAST") == 0) {
			d = dim;
		} else {
			bool digits = *a != '\0';
			for (const char *c = a; *c; c++)
				digits = digits && *c >= '0' && *c <= '9';
			if (!digits || !str_to_i64(a, &d) || d < 1 || d > 31)
				return query_err(e, E_QUERY_DAY, v->args[0].pos, a);
			if (d > dim)
				d = dim;
		}
		out->start = out->end = (struct ymd){first.y, first.m, (int)d};
	}
	return 0;
}

int query_func_period(const struct qval *v, time_t now, struct qperiod *out, struct err *e)
{
	int wday;
	struct ymd today = time_local_date(now, &wday);
	int rc = 0;
	switch (v->func) {
	case QF_TODAY:
	case QF_YESTERDAY:
	case QF_TOMORROW:
		if (v->n_args != 0)
			return wrong_args(v, e);
		out->start = ymd_add_days(today, v->func == QF_TODAY ? 0 :
						 v->func == QF_YESTERDAY ? -1 : 1);
		out->end = out->start;
		break;
	case QF_FROM_TODAY:
		rc = from_today(v, today, &out->start, e);
		out->end = out->start;
		break;
	case QF_THIS_WEEK:
		rc = week(v, today, wday, 0, out, e);
		break;
	case QF_LAST_WEEK:
		rc = week(v, today, wday, -1, out, e);
		break;
	case QF_NEXT_WEEK:
		rc = week(v, today, wday, 1, out, e);
		break;
	case QF_THIS_MONTH:
		rc = month(v, today, 0, out, e);
		break;
	case QF_LAST_MONTH:
		rc = month(v, today, -1, out, e);
		break;
	case QF_NEXT_MONTH:
		rc = month(v, today, 1, out, e);
		break;
	case QF_THIS_YEAR:
	case QF_LAST_YEAR:
	case QF_NEXT_YEAR: {
		if (v->n_args != 0)
			return wrong_args(v, e);
		int y = today.y + (v->func == QF_THIS_YEAR ? 0 : v->func == QF_LAST_YEAR ? -1 : 1);
		out->start = (struct ymd){y, 1, 1};
		out->end = (struct ymd){y, 12, 31};
		break;
	}
	default:
		return query_err(e, E_QUERY_OPERATOR, v->pos, query_func_name(v->func));
	}
	if (rc != 0)
		return rc;
	if (!year_ok(out->start) || !year_ok(out->end))
		return query_err_syntax(e, v->pos);
	return 0;
}
