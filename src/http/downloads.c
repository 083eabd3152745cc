/* http/downloads: the bulk-download warning gate (see downloads.h). */
#include "http/downloads.h"
#include "core/log.h"
#include "rules/downloads.h"
#include "rules/policy.h"
#include "rules/roles.h"
#include "store/apps.h"
#include "store/downloads.h"
#include "store/inbox.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What the gate decided for one access-log entry of the request. */
struct dl_item {
	const struct audit_entry *a;
	int64_t count, prior, threshold, cap;
	enum dl_verdict v;
};

/* The counts for the error message, in the request's language (fits err.arg). */
static void explain(struct req *r, const struct dl_item *it, int hours, bool cap)
{
	long long p = (long long)it->prior, c = (long long)it->count, t = p + c;
	long long limit = (long long)(cap ? it->cap : it->threshold);
	if (r->lang == LANG_EN)
		err_set(&r->err, cap ? E_DL_CAP : E_DL_WARNING,
			"read in the last %d hours: %lld + this request: %lld = %lld, above the %s of %lld",
			hours, p, c, t, cap ? "hard cap" : "threshold", limit);
	else
		err_set(&r->err, cap ? E_DL_CAP : E_DL_WARNING,
			"過去%d時間の読み出し %lld 件 + 今回 %lld 件 = %lld 件が%s %lld 件を超えます",
			hours, p, c, t, cap ? "上限" : "しきい値", limit);
}

/* Adds id to the arena list unless present. */
static void add_unique(int64_t *list, size_t *n, int64_t id)
{
	for (size_t i = 0; i < *n; i++)
		if (list[i] == id)
			return;
	list[(*n)++] = id;
}

/* Inbox items for the protection managers of the user's section and the chief ones. */
static int alert(struct req *r, struct store *st, const struct dl_item *it, int64_t warning_id,
		 const char *reason, int hours)
{
	int64_t section, *pm = NULL, *chiefs = NULL;
	size_t npm = 0, nchiefs = 0, n = 0;
	if (store_dl_user_section(st, r->who.user_id, &section, &r->err) != 0)
		return -1;
	if (section > 0 &&
	    store_org_protection_managers(st, r->arena, section, &pm, &npm, &r->err) != 0)
		return -1;
	if (store_users_with_roles(st, r->arena, ROLE_CHIEF_PROTECTION, &chiefs, &nchiefs, &r->err) != 0)
		return -1;
	if (npm + nchiefs == 0) {
		log_warn("download warning %lld: no protection manager to alert", (long long)warning_id);
		return 0;
	}
	int64_t *to = arena_alloc(r->arena, (npm + nchiefs) * sizeof *to);
	for (size_t i = 0; i < npm; i++)
		add_unique(to, &n, pm[i]);
	for (size_t i = 0; i < nchiefs; i++)
		add_unique(to, &n, chiefs[i]);

	struct app_row app;
	const char *app_name = "";
	struct err ignore;
	err_init(&ignore, r->arena);
	if (store_app_get(st, r->arena, it->a->app_id, &app, &ignore) == 0)
		app_name = app.name;
	const char *who = r->who.user_name ? r->who.user_name : "";
	const char *code = r->who.user_code ? r->who.user_code : "";
	long long c = (long long)it->count;
	char *ja = arena_printf(r->arena, "大量ダウンロード: %s（%s）がアプリ「%s」のレコード %lld 件を理由付きで読み出しました",
				who, code, app_name, c);
	char *en = arena_printf(r->arena, "Bulk download: %s (%s) read %lld records of app \"%s\" with a stated reason",
				who, code, c, app_name);
	json_t *d = json_pack("{s:{s:s,s:s},s:I,s:s,s:s,s:I,s:s,s:s,s:I,s:I,s:I,s:I,s:i,s:s,s:s,s:[]}",
			      "subject", "ja", ja, "en", en, "warning", (json_int_t)warning_id,
			      "user", code, "userName", who, "app", (json_int_t)it->a->app_id,
			      "appName", app_name, "action", it->a->action, "count", (json_int_t)it->count,
			      "prior", (json_int_t)it->prior, "threshold", (json_int_t)it->threshold,
			      "hardCap", (json_int_t)it->cap, "windowHours", hours, "reason", reason,
			      "requestId", r->request_id, "actions");
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = store_inbox_add(st, to[i], "download.alert", warning_id, ja, detail, r->now, &r->err);
	free(detail);
	return rc;
}

/* Records a warning (proceeded with a reason, or refused at the cap). */
static int record(struct req *r, struct store *st, const struct dl_item *it, const char *outcome,
		  const char *reason, int64_t *id)
{
	struct dl_warning w = {0};
	w.at = r->now;
	w.request_id = r->request_id;
	w.user_id = r->who.user_id;
	w.app_id = it->a->app_id;
	w.action = it->a->action;
	w.count = it->count;
	w.prior = it->prior;
	w.threshold = it->threshold;
	w.hard_cap = it->cap;
	w.outcome = outcome;
	w.reason = reason;
	return store_dl_warning_add(st, &w, id, &r->err);
}

int http_downloads_gate(struct req *r)
{
	if (!policy_bool("downloads.warnings") || r->who.user_id <= 0 || r->n_audit == 0)
		return 0;
	struct store *st = store_thread();
	int hours = (int)policy_int("downloads.window_hours");
	if (hours < 1)
		hours = 24;
	int64_t hour = (int64_t)r->now / 3600, since = hour - hours + 1;
	const char *header = req_header(r, "X-Daicho-Download-Reason");
	char reason[DL_REASON_MAX * 4 + 8] = "";
	bool has_reason = header != NULL && dl_reason_decode(header, reason, sizeof reason) == 0;

	struct dl_item items[AUDIT_MAX_ENTRIES];
	int n = 0;
	for (int i = 0; i < r->n_audit; i++) {
		const struct audit_entry *a = &r->audit[i];
		struct dl_item *it = &items[n];
		it->a = a;
		it->count = dl_count_for(a->action, a->n_ids);
		if (it->count <= 0 || a->app_id <= 0)
			continue;
		struct dl_limit l;
		bool found;
		if (store_dl_window_count(st, r->who.user_id, a->app_id, since, &it->prior, &r->err) != 0 ||
		    store_dl_limit_get(st, r->arena, a->app_id, &l, &found, &r->err) != 0)
			return -1;
		it->threshold = found && l.has_threshold ? l.threshold
							 : policy_int("downloads.default_threshold");
		it->cap = found ? l.hard_cap : 0;
		struct dl_input in = {it->prior, it->count, it->threshold, it->cap, has_reason};
		it->v = dl_decide(&in);
		if (it->v == DL_CAP) {
			int64_t id;
			struct err keep = r->err;
			if (store_begin(st, &r->err) != 0 ||
			    record(r, st, it, "capped", has_reason ? reason : "", &id) != 0 ||
			    store_commit(st, &r->err) != 0) {
				store_rollback(st);
				log_error("download warning: could not record a refusal at the cap");
			}
			r->err = keep;
			explain(r, it, hours, true);
			return -1;
		}
		if (it->v == DL_WARN) {
			if (header != NULL)
				return err_set(&r->err, E_DL_REASON, NULL);
			explain(r, it, hours, false);
			return -1;
		}
		n++;
	}
	if (n == 0)
		return 0;
	if (store_begin(st, &r->err) != 0)
		return -1;
	for (int i = 0; i < n; i++) {
		struct dl_item *it = &items[i];
		int64_t id;
		if (store_dl_count_add(st, r->who.user_id, it->a->app_id, hour, it->count,
				       hour - hours + 1, &r->err) != 0)
			goto fail;
		if (it->v != DL_WARN_REASON)
			continue;
		if (record(r, st, it, "reason", reason, &id) != 0 || alert(r, st, it, id, reason, hours) != 0)
			goto fail;
		log_info("download warning %lld: %s read %lld records of app %lld with a reason (request %s)",
			 (long long)id, r->who.user_code ? r->who.user_code : "?", (long long)it->count,
			 (long long)it->a->app_id, r->request_id);
	}
	if (store_commit(st, &r->err) != 0)
		return -1;
	return 0;
fail:
	store_rollback(st);
	return -1;
}
