/* gate_hours: the hours rule at the door (see gate_hours.h). */
#include "http/gate_hours.h"
#include "auth/authn.h"
#include "core/strutil.h"
#include "http/authn.h"
#include "http/routes.h"
#include "rules/policy.h"
#include "store/hours.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int gate_hours_state(struct req *r, int64_t user_id, int64_t section_id,
		     struct hours_state *out, struct hours_calendar_row *cal)
{
	struct store *st = store_thread();
	struct hours_calendar_row row;
	struct hours_span *spans;
	size_t n_spans;
	int64_t until;
	if (cal == NULL)
		cal = &row;
	if (store_hours_calendar_of(st, r->arena, user_id, section_id, cal, &r->err) != 0 ||
	    store_overtime_spans(st, r->arena, user_id, r->now, &spans, &n_spans, &r->err) != 0 ||
	    store_hours_override_until(st, user_id, r->now, &until, &r->err) != 0)
		return -1;
	struct hours_cal c = {cal->always, cal->holidays_closed, {0}, {0}, NULL, 0};
	if (hours_parse_week(cal->week, &c) != 0)
		for (int i = 0; i < 7; i++)
			c.open[i] = c.close[i] = -1;
	int32_t *days = arena_alloc(r->arena, (cal->n_closings + 1) * sizeof *days);
	for (size_t i = 0; i < cal->n_closings; i++) {
		const char *d = cal->closings[i].day;
		/* YYYY-MM-DD (checked when stored) as YYYYMMDD. */
		days[i] = (int32_t)(strtol(d, NULL, 10) * 10000 + strtol(d + 5, NULL, 10) * 100 +
				    strtol(d + 8, NULL, 10));
	}
	c.closed_days = days;
	c.n_closed = cal->n_closings;
	*out = hours_decide(&c, spans, n_spans, (time_t)until, r->now);
	return 0;
}

/* "2026-11-24 08:30" in the server's zone, or a dash when there is none. */
static const char *local_text(struct req *r, time_t t)
{
	if (t == 0)
		return r->lang == LANG_EN ? "none scheduled yet" : "未定（予定された勤務時間がありません）";
	struct tm tm;
	localtime_r(&t, &tm);
	char buf[32];
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
	return arena_strdup(r->arena, buf);
}

/* Refuses with the next window; ends a browser session (except a security
 * administrator's, which still reaches the hours administration). */
static int refuse(struct req *r, const struct hours_state *hs)
{
	if (r->n_audit == 0)
		audit_begin(r, "hours.refused", 0);
	if (r->who.kind == AK_SESSION && !(r->who.roles & ROLE_SECURITY_ADMIN)) {
		struct err e;
		err_init(&e, r->arena);
		if (authn_session_end(store_thread(), r->who.session_id, &e) == 0)
			r->set_cookie = SESSION_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
	}
	return err_set(&r->err, E_HOURS_CLOSED, "%s", local_text(r, hs->next));
}

/* What the security administrator reaches at any time: the hours administration and
 * the policy (to switch the rule off). */
static bool never_locked(const struct req *r)
{
	if (!(r->who.roles & ROLE_SECURITY_ADMIN))
		return false;
	return str_starts(r->path, "/api/admin/hours") ||
	       strcmp(r->path, "/api/admin/policy.json") == 0;
}

int gate_hours(struct req *r)
{
	if (!policy_bool("hours.enforced"))
		return 0;
	if (r->who.kind != AK_SESSION && r->who.kind != AK_PASSWORD)
		return 0;
	/* Routes anyone may reach outside hours carry ROUTE_OFF_HOURS (learn why, sign out). */
	if ((r->route && (r->route->flags & ROUTE_OFF_HOURS)) || never_locked(r))
		return 0;
	struct hours_state hs;
	if (gate_hours_state(r, r->who.user_id, r->who.section_id, &hs, NULL) != 0)
		return -1;
	return hs.open ? 0 : refuse(r, &hs);
}

int gate_hours_login(struct req *r)
{
	if (!policy_bool("hours.enforced") || (r->who.roles & ROLE_SECURITY_ADMIN))
		return 0;
	struct hours_state hs;
	if (gate_hours_state(r, r->who.user_id, r->who.section_id, &hs, NULL) != 0)
		return -1;
	if (hs.open)
		return 0;
	return err_set(&r->err, E_HOURS_CLOSED, "%s", local_text(r, hs.next));
}
