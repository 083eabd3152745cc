/*
 * downloads: the admin side of the bulk-download warnings (Kuki 第20条): per-app
 * thresholds and hard caps with who set them and when, the "last reviewed" date the
 * rule asks to keep (mark reviewed), and the recent warnings with their reasons. The
 * security administrator changes them; the auditor and chief protection managers read.
 */
#include "http/handlers/handlers.h"
#include "core/timeutil.h"
#include "http/params.h"
#include "rules/policy.h"
#include "store/apps.h"
#include "store/downloads.h"

#include <string.h>

/* Settings not reviewed for this long are flagged as due (the periodic check). */
enum { REVIEW_DAYS = 365, WARNINGS_SHOWN = 200, LIMIT_MAX = 100000000 };

static void kint(struct jsonw *w, const char *k, int64_t v)
{
	jsonw_kint_str(w, k, (long long)v);
}

static void ktime(struct jsonw *w, const char *k, int64_t t)
{
	char at[21] = "";
	if (t > 0)
		time_fmt_utc((time_t)t, at);
	jsonw_kstr(w, k, at);
}

int h_downloads_get(struct req *r, struct res *s)
{
	struct dl_limit *apps;
	struct dl_warning *warn;
	size_t napps, nwarn;
	struct store *st = store_thread();
	if (store_dl_limits_list(st, r->arena, &apps, &napps, &r->err) != 0 ||
	    store_dl_warnings_list(st, r->arena, WARNINGS_SHOWN, &warn, &nwarn, &r->err) != 0)
		return -1;
	int64_t def = policy_int("downloads.default_threshold");
	struct jsonw *w = &s->w;
	jsonw_obj(w);
	jsonw_kbool(w, "enabled", policy_bool("downloads.warnings"));
	kint(w, "defaultThreshold", def);
	kint(w, "windowHours", policy_int("downloads.window_hours"));
	kint(w, "reviewDays", REVIEW_DAYS);
	jsonw_key(w, "apps");
	jsonw_arr(w);
	for (size_t i = 0; i < napps; i++) {
		const struct dl_limit *l = &apps[i];
		jsonw_obj(w);
		kint(w, "app", l->app_id);
		jsonw_kstr(w, "name", l->app_name);
		jsonw_kbool(w, "usesDefault", !l->has_threshold);
		kint(w, "threshold", l->has_threshold ? l->threshold : def);
		kint(w, "hardCap", l->hard_cap);
		jsonw_kstr(w, "setBy", l->set_by);
		ktime(w, "setAt", l->set_at);
		jsonw_kstr(w, "reviewedBy", l->reviewed_by);
		ktime(w, "reviewedAt", l->reviewed_at);
		jsonw_kbool(w, "reviewDue", l->reviewed_at + (int64_t)REVIEW_DAYS * 86400 < r->now);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_key(w, "warnings");
	jsonw_arr(w);
	for (size_t i = 0; i < nwarn; i++) {
		const struct dl_warning *x = &warn[i];
		jsonw_obj(w);
		kint(w, "id", x->id);
		ktime(w, "at", x->at);
		jsonw_kstr(w, "requestId", x->request_id);
		jsonw_kstr(w, "user", x->user_code);
		jsonw_kstr(w, "userName", x->user_name);
		kint(w, "app", x->app_id);
		jsonw_kstr(w, "appName", x->app_name);
		jsonw_kstr(w, "action", x->action);
		kint(w, "count", x->count);
		kint(w, "prior", x->prior);
		kint(w, "threshold", x->threshold);
		kint(w, "hardCap", x->hard_cap);
		jsonw_kstr(w, "outcome", x->outcome);
		jsonw_kstr(w, "reason", x->reason);
		jsonw_obj_end(w);
	}
	jsonw_arr_end(w);
	jsonw_obj_end(w);
	return 0;
}

/* The deployed app named by the "app" parameter. */
static int app_param(struct req *r, int64_t *app_id)
{
	struct app_row row;
	if (param_id(r, r->params, "app", app_id) != 0)
		return -1;
	audit_app(r, *app_id);
	if (store_app_get(store_thread(), r->arena, *app_id, &row, &r->err) != 0)
		return -1;
	return 0;
}

int h_downloads_put(struct req *r, struct res *s)
{
	int64_t app_id, threshold = 0, cap = 0;
	if (app_param(r, &app_id) != 0)
		return -1;
	json_t *t = json_object_get(r->params, "threshold");
	bool has_threshold = t != NULL && !json_is_null(t) &&
			     !(json_is_string(t) && json_string_value(t)[0] == '\0');
	if (has_threshold && (!json_to_i64(t, &threshold) || threshold < 1 || threshold > LIMIT_MAX))
		return err_field(&r->err, "threshold", FM_INVALID, NULL);
	if (param_int(r, r->params, "hardCap", 0, &cap) != 0)
		return -1;
	if (cap < 0 || cap > LIMIT_MAX)
		return err_field(&r->err, "hardCap", FM_INVALID, NULL);
	int64_t effective = has_threshold ? threshold : policy_int("downloads.default_threshold");
	if (cap > 0 && cap < effective)
		return err_field(&r->err, "hardCap", FM_MIN_VALUE,
				 arena_printf(r->arena, "%lld", (long long)effective));
	if (store_dl_limit_set(store_thread(), app_id, has_threshold, threshold, cap,
			       r->who.user_code, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_downloads_review(struct req *r, struct res *s)
{
	int64_t app_id;
	if (app_param(r, &app_id) != 0)
		return -1;
	if (store_dl_reviewed(store_thread(), app_id, r->who.user_code, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
