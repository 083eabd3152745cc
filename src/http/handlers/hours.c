/*
 * hours: working-hours administration (calendars, closing days, which section or user
 * follows which calendar, emergency overrides) for the security administrator and the
 * auditor; the holiday preview and "my hours" for everyone; overtime orders
 * (時間外勤務命令) that section and department heads give their members (Abiko §8,
 * Kumamoto 第14条). The gate itself is http/gate_hours.c.
 */
#include "http/handlers/handlers.h"
#include "core/timeutil.h"
#include "http/gate_hours.h"
#include "http/params.h"
#include "rules/holidays.h"
#include "rules/hours.h"
#include "rules/policy.h"
#include "store/hours.h"
#include "store/inbox.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const day_keys[7] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};

/* Longest overtime order and override, in seconds. */
enum { ORDER_MAX = 24 * 3600, OVERRIDE_MAX = 7 * 24 * 3600, REASON_MAX = 500 };

static void kdatetime(struct jsonw *w, const char *k, int64_t t)
{
	char buf[24] = "";
	if (t > 0)
		time_fmt_utc((time_t)t, buf);
	jsonw_kstr(w, k, buf);
}

static void week_out(struct jsonw *w, const char *text)
{
	struct hours_cal c;
	jsonw_key(w, "week");
	jsonw_obj(w);
	bool ok = hours_parse_week(text, &c) == 0;
	for (int i = 0; i < 7; i++) {
		char span[48] = "";
		if (ok && c.open[i] >= 0)
			snprintf(span, sizeof span, "%02d:%02d-%02d:%02d", c.open[i] / 60, c.open[i] % 60,
				 c.close[i] / 60, c.close[i] % 60);
		jsonw_kstr(w, day_keys[i], span);
	}
	jsonw_obj_end(w);
}

static void calendar_out(struct jsonw *w, const struct hours_calendar_row *c)
{
	jsonw_obj(w);
	jsonw_kint_str(w, "id", c->id);
	jsonw_kstr(w, "name", c->name);
	jsonw_kbool(w, "always", c->always);
	jsonw_kbool(w, "holidaysClosed", c->holidays_closed);
	jsonw_kbool(w, "default", c->is_default);
	week_out(w, c->week);
	jsonw_key(w, "closings");
	jsonw_arr(w);
	for (size_t i = 0; i < c->n_closings; i++) {
		jsonw_obj(w);
		jsonw_kstr(w, "date", c->closings[i].day);
		jsonw_kstr(w, "name", c->closings[i].name);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_kstr(w, "updatedBy", c->updated_by ? c->updated_by : "");
	kdatetime(w, "updatedAt", c->updated_at);
	jsonw_obj_end(w);
}

int h_hours_admin_get(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	struct hours_calendar_row *cals;
	struct hours_assign_row *as;
	struct hours_override_row *ov;
	size_t nc, na, no;
	if (store_hours_calendars(st, r->arena, &cals, &nc, &r->err) != 0 ||
	    store_hours_assignments(st, r->arena, &as, &na, &r->err) != 0 ||
	    store_hours_overrides(st, r->arena, r->now, &ov, &no, &r->err) != 0)
		return -1;
	char zone[64] = "";
	const char *tz = getenv("TZ");
	snprintf(zone, sizeof zone, "%s", tz ? tz : "");
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "enforced", policy_bool("hours.enforced"));
	jsonw_kstr(&s->w, "timeZone", zone);
	jsonw_key(&s->w, "calendars");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < nc; i++)
		calendar_out(&s->w, &cals[i]);
	jsonw_arr_end(&s->w);
	jsonw_key(&s->w, "assignments");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < na; i++) {
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "kind", as[i].kind);
		jsonw_kstr(&s->w, "code", as[i].code);
		jsonw_kstr(&s->w, "name", as[i].name);
		jsonw_kint_str(&s->w, "calendar", as[i].calendar_id);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_key(&s->w, "overrides");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < no; i++) {
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", ov[i].id);
		jsonw_kstr(&s->w, "user", ov[i].user_code);
		kdatetime(&s->w, "until", ov[i].until_at);
		jsonw_kstr(&s->w, "reason", ov[i].reason);
		jsonw_kstr(&s->w, "setBy", ov[i].set_by);
		kdatetime(&s->w, "createdAt", ov[i].created_at);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

/* Reads a calendar from the parameters into c (id not touched). */
static int calendar_in(struct req *r, struct hours_calendar_row *c)
{
	const char *name;
	if (param_str(r, r->params, "name", NULL, &name) != 0 ||
	    param_bool(r, r->params, "always", false, &c->always) != 0 ||
	    param_bool(r, r->params, "holidaysClosed", true, &c->holidays_closed) != 0 ||
	    param_bool(r, r->params, "default", false, &c->is_default) != 0)
		return -1;
	if (name == NULL || *name == '\0')
		return err_field(&r->err, "name", FM_REQUIRED_PARAM, NULL);
	if (strlen(name) > 100)
		return err_field(&r->err, "name", FM_TOO_LONG, "100");
	c->name = name;
	json_t *week = json_object_get(r->params, "week");
	if (!json_is_object(week))
		return err_field(&r->err, "week", FM_REQUIRED_PARAM, NULL);
	char text[128] = "";
	size_t n = 0;
	for (int i = 0; i < 7; i++) {
		json_t *v = json_object_get(week, day_keys[i]);
		const char *span = json_is_string(v) ? json_string_value(v) : "";
		if (v != NULL && !json_is_string(v) && !json_is_null(v))
			return err_field(&r->err, arena_printf(r->arena, "week.%s", day_keys[i]), FM_INVALID, NULL);
		int a, b;
		if (*span != '\0' && hours_parse_span(span, &a, &b) != 0)
			return err_field(&r->err, arena_printf(r->arena, "week.%s", day_keys[i]), FM_TIME, NULL);
		n += (size_t)snprintf(text + n, sizeof text - n, "%s%s", i ? "," : "", span);
	}
	c->week = arena_strdup(r->arena, text);
	json_t *cl = json_object_get(r->params, "closings");
	c->n_closings = 0;
	c->closings = NULL;
	if (cl != NULL && !json_is_array(cl))
		return err_field(&r->err, "closings", FM_INVALID, NULL);
	size_t ncl = json_array_size(cl);
	if (ncl > 366)
		return err_field(&r->err, "closings", FM_TOO_MANY, "366");
	c->closings = arena_alloc(r->arena, (ncl + 1) * sizeof *c->closings);
	for (size_t i = 0; i < ncl; i++) {
		json_t *it = json_array_get(cl, i);
		const char *date = json_string_value(json_object_get(it, "date"));
		const char *cname = json_string_value(json_object_get(it, "name"));
		char canon[11];
		const char *key = arena_printf(r->arena, "closings[%zu].date", i);
		if (date == NULL || strlen(date) != 10 || !time_parse_date(date, canon) ||
		    strcmp(canon, date) != 0)
			return err_field(&r->err, key, FM_DATE, NULL);
		if (cname != NULL && strlen(cname) > 100)
			return err_field(&r->err, arena_printf(r->arena, "closings[%zu].name", i), FM_TOO_LONG, "100");
		c->closings[c->n_closings].day = arena_strdup(r->arena, canon);
		c->closings[c->n_closings].name = cname ? cname : "";
		c->n_closings++;
	}
	return 0;
}

int h_hours_calendar_add(struct req *r, struct res *s)
{
	struct hours_calendar_row c = {0};
	if (calendar_in(r, &c) != 0 ||
	    store_hours_calendar_save(store_thread(), &c, r->who.user_code, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", c.id);
	jsonw_obj_end(&s->w);
	return 0;
}

/* The stored calendar with id, or E_INPUT on "id". */
static int find_calendar(struct req *r, int64_t id, struct hours_calendar_row *out)
{
	struct hours_calendar_row *cals;
	size_t n;
	if (store_hours_calendars(store_thread(), r->arena, &cals, &n, &r->err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		if (cals[i].id == id) {
			*out = cals[i];
			return 0;
		}
	return err_field(&r->err, "id", FM_INVALID, NULL);
}

int h_hours_calendar_update(struct req *r, struct res *s)
{
	struct hours_calendar_row c = {0}, old;
	if (param_id(r, r->params, "id", &c.id) != 0 || find_calendar(r, c.id, &old) != 0 ||
	    calendar_in(r, &c) != 0)
		return -1;
	/* The default stays the default until another calendar takes over. */
	if (old.is_default)
		c.is_default = true;
	if (store_hours_calendar_save(store_thread(), &c, r->who.user_code, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", c.id);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_hours_calendar_delete(struct req *r, struct res *s)
{
	int64_t id;
	struct hours_calendar_row old;
	if (param_id(r, r->params, "id", &id) != 0 || find_calendar(r, id, &old) != 0)
		return -1;
	if (old.is_default)
		return err_set(&r->err, E_HOURS_DEFAULT, NULL);
	if (store_hours_calendar_delete(store_thread(), id, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_hours_assign(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	const char *kind, *code;
	int64_t cal = 0, ref = 0;
	if (param_str(r, r->params, "kind", NULL, &kind) != 0 ||
	    param_str(r, r->params, "code", NULL, &code) != 0 ||
	    param_int(r, r->params, "calendar", 0, &cal) != 0)
		return -1;
	if (kind == NULL || (strcmp(kind, "section") != 0 && strcmp(kind, "user") != 0))
		return err_field(&r->err, "kind", FM_ENUM, NULL);
	if (code == NULL || *code == '\0')
		return err_field(&r->err, "code", FM_REQUIRED_PARAM, NULL);
	if (strcmp(kind, "user") == 0) {
		struct user u;
		if (store_user_by_code(st, r->arena, code, &u, &r->err) != 0) {
			err_init(&r->err, r->arena);
			return err_field(&r->err, "code", FM_USER_UNKNOWN, code);
		}
		ref = u.id;
	} else {
		if (store_hours_unit_id(st, code, &ref, &r->err) != 0)
			return -1;
		if (ref == 0)
			return err_field(&r->err, "code", FM_INVALID, NULL);
	}
	if (cal > 0) {
		struct hours_calendar_row c;
		if (find_calendar(r, cal, &c) != 0) {
			err_init(&r->err, r->arena);
			return err_field(&r->err, "calendar", FM_INVALID, NULL);
		}
	}
	if (store_hours_assign(st, kind, ref, cal > 0 ? cal : 0, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

/* A required date-time parameter as epoch seconds. */
static int param_time(struct req *r, const char *name, time_t *out)
{
	const char *v;
	if (param_str(r, r->params, name, NULL, &v) != 0)
		return -1;
	if (v == NULL || *v == '\0')
		return err_field(&r->err, name, FM_REQUIRED_PARAM, NULL);
	if (!time_parse_datetime(v, out))
		return err_field(&r->err, name, FM_DATETIME, NULL);
	return 0;
}

/* A required reason of at most REASON_MAX bytes. */
static int param_reason(struct req *r, const char **out)
{
	if (param_str(r, r->params, "reason", NULL, out) != 0)
		return -1;
	if (*out == NULL || **out == '\0')
		return err_field(&r->err, "reason", FM_REQUIRED_PARAM, NULL);
	if (strlen(*out) > REASON_MAX)
		return err_field(&r->err, "reason", FM_TOO_LONG, "500");
	return 0;
}

int h_hours_override_add(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	const char *code;
	time_t until;
	struct hours_override_row o = {0};
	if (param_str(r, r->params, "user", "", &code) != 0 || param_time(r, "until", &until) != 0 ||
	    param_reason(r, &o.reason) != 0)
		return -1;
	if (until <= r->now)
		return err_field(&r->err, "until", FM_MIN_VALUE, "now");
	if (until > r->now + OVERRIDE_MAX)
		return err_field(&r->err, "until", FM_MAX_VALUE, "7 days");
	if (*code != '\0') {
		struct user u;
		if (store_user_by_code(st, r->arena, code, &u, &r->err) != 0) {
			err_init(&r->err, r->arena);
			return err_field(&r->err, "user", FM_USER_UNKNOWN, code);
		}
		o.user_id = u.id;
	}
	o.until_at = until;
	o.set_by = r->who.user_code;
	o.created_at = r->now;
	if (store_hours_override_add(st, &o, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", o.id);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_hours_override_revoke(struct req *r, struct res *s)
{
	int64_t id;
	if (param_id(r, r->params, "id", &id) != 0 ||
	    store_hours_override_revoke(store_thread(), id, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_hours_holidays(struct req *r, struct res *s)
{
	int64_t year;
	int wday;
	struct ymd today = time_local_date(r->now, &wday);
	if (param_int(r, r->params, "year", today.y, &year) != 0)
		return -1;
	if (year < 1980 || year > 2099)
		return err_field(&r->err, "year", FM_INVALID, NULL);
	struct holiday h[HOLIDAYS_MAX];
	int n = holidays_of_year((int)year, h);
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "year", year);
	jsonw_key(&s->w, "holidays");
	jsonw_arr(&s->w);
	for (int i = 0; i < n; i++) {
		char date[16];
		snprintf(date, sizeof date, "%04d-%02d-%02d", (int)year, h[i].m, h[i].d);
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "date", date);
		jsonw_kstr(&s->w, "name", r->lang == LANG_EN ? h[i].en : h[i].ja);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

static void order_out(struct jsonw *w, const struct overtime_row *o)
{
	jsonw_obj(w);
	jsonw_kint_str(w, "id", o->id);
	jsonw_key(w, "user");
	jsonw_obj(w);
	jsonw_kstr(w, "code", o->user_code);
	jsonw_kstr(w, "name", o->user_name);
	jsonw_obj_end(w);
	kdatetime(w, "start", o->start_at);
	kdatetime(w, "end", o->end_at);
	jsonw_kstr(w, "reason", o->reason);
	jsonw_key(w, "orderedBy");
	jsonw_obj(w);
	jsonw_kstr(w, "code", o->ordered_by_code);
	jsonw_kstr(w, "name", o->ordered_by_name);
	jsonw_obj_end(w);
	kdatetime(w, "createdAt", o->created_at);
	kdatetime(w, "cancelledAt", o->cancelled_at);
	jsonw_obj_end(w);
}

int h_hours_me(struct req *r, struct res *s)
{
	struct hours_state hs;
	struct hours_calendar_row cal;
	struct overtime_row *orders;
	size_t n;
	if (gate_hours_state(r, r->who.user_id, r->who.section_id, &hs, &cal) != 0 ||
	    store_overtime_list(store_thread(), r->arena, r->who.user_id, &orders, &n, &r->err) != 0)
		return -1;
	bool enforced = policy_bool("hours.enforced");
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "enforced", enforced);
	jsonw_kbool(&s->w, "open", hs.open);
	jsonw_kstr(&s->w, "why", hs.why);
	kdatetime(&s->w, "until", hs.open ? hs.until : 0);
	kdatetime(&s->w, "next", hs.open ? 0 : hs.next);
	jsonw_kbool(&s->w, "securityAdmin", (r->who.roles & ROLE_SECURITY_ADMIN) != 0);
	jsonw_key(&s->w, "calendar");
	calendar_out(&s->w, &cal);
	jsonw_key(&s->w, "orders");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++)
		if (orders[i].user_id == r->who.user_id && orders[i].cancelled_at == 0 &&
		    orders[i].end_at > r->now)
			order_out(&s->w, &orders[i]);
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_overtime_get(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	struct overtime_row *orders;
	struct hours_person *members;
	size_t n, nm;
	if (store_overtime_list(st, r->arena, r->who.user_id, &orders, &n, &r->err) != 0 ||
	    store_hours_members_of(st, r->arena, r->who.user_id, &members, &nm, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "members");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < nm; i++) {
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "code", members[i].code);
		jsonw_kstr(&s->w, "name", members[i].name);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_key(&s->w, "orders");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++)
		order_out(&s->w, &orders[i]);
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

/* 0 when the caller heads member's section or its department; E_HOURS_NOT_HEAD else. */
static int require_head(struct req *r, int64_t member)
{
	int64_t sec, dep;
	if (store_org_heads_of(store_thread(), member, &sec, &dep, &r->err) != 0)
		return -1;
	if (member != r->who.user_id && (sec == r->who.user_id || dep == r->who.user_id))
		return 0;
	return err_set(&r->err, E_HOURS_NOT_HEAD, NULL);
}

/* "2026-11-24 17:15" in the server's zone. */
static const char *local_text(struct req *r, int64_t t)
{
	struct tm tm;
	time_t tt = (time_t)t;
	localtime_r(&tt, &tm);
	char buf[32];
	strftime(buf, sizeof buf, "%Y-%m-%d %H:%M", &tm);
	return arena_strdup(r->arena, buf);
}

int h_overtime_add(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	const char *code;
	time_t start, end;
	struct overtime_row o = {0};
	struct user u;
	if (param_str(r, r->params, "user", NULL, &code) != 0)
		return -1;
	if (code == NULL || *code == '\0')
		return err_field(&r->err, "user", FM_REQUIRED_PARAM, NULL);
	if (store_user_by_code(st, r->arena, code, &u, &r->err) != 0) {
		err_init(&r->err, r->arena);
		return err_field(&r->err, "user", FM_USER_UNKNOWN, code);
	}
	if (require_head(r, u.id) != 0)
		return -1;
	if (param_time(r, "start", &start) != 0 || param_time(r, "end", &end) != 0 ||
	    param_reason(r, &o.reason) != 0)
		return -1;
	if (end <= start)
		return err_field(&r->err, "end", FM_MIN_VALUE, "start");
	if (end <= r->now)
		return err_field(&r->err, "end", FM_MIN_VALUE, "now");
	if (end - start > ORDER_MAX)
		return err_field(&r->err, "end", FM_MAX_VALUE, "24 hours");
	o.user_id = u.id;
	o.start_at = start;
	o.end_at = end;
	o.ordered_by = r->who.user_id;
	o.created_at = r->now;
	if (store_overtime_add(st, &o, &r->err) != 0)
		return -1;
	/* The member's inbox shows the order. */
	const char *from = local_text(r, start), *to = local_text(r, end);
	const char *subject = arena_printf(r->arena, "時間外勤務命令 / Overtime order: %s – %s", from, to);
	json_t *detail = json_pack("{s:[], s:s, s:s, s:s, s:s, s:s}", "actions", "start", from,
				   "end", to, "reason", o.reason, "orderedBy", r->who.user_code,
				   "orderedByName", r->who.user_name ? r->who.user_name : "");
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	int rc = store_inbox_add(st, u.id, "overtime", o.id, subject, text, r->now, &r->err);
	free(text);
	if (rc != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", o.id);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_overtime_cancel(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id;
	struct overtime_row o;
	if (param_id(r, r->params, "id", &id) != 0 ||
	    store_overtime_get(st, r->arena, id, &o, &r->err) != 0)
		return -1;
	if (o.ordered_by != r->who.user_id && require_head(r, o.user_id) != 0)
		return -1;
	if (store_overtime_cancel(st, id, r->who.user_id, r->now, &r->err) != 0 ||
	    store_inbox_done_ref(st, "overtime", id, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
