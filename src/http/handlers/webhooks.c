/*
 * webhooks: the app managers' webhook API (/api/app/webhooks.json) and the reviewers'
 * (/api/admin/webhooks.json, /api/admin/webhook/review.json), RULES.md row 12, Abiko §10.
 * A destination must be on the allow-list "extensions.webhook_allow" when it is saved
 * and again when it is sent (hooks/deliver.c). Under "extensions.review" a new webhook,
 * or one whose URL or events change, waits for a reviewer other than its author.
 */
#include "http/handlers/handlers.h"
#include "core/timeutil.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/handlers/extensions.h"
#include "http/params.h"
#include "rules/hooks.h"
#include "rules/policy.h"
#include "store/inbox.h"
#include "store/webhooks.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	unsigned bit;
} event_names[] = {
	{"ADD_RECORD", HOOK_EV_ADD}, {"UPDATE_RECORD", HOOK_EV_EDIT}, {"DELETE_RECORD", HOOK_EV_DELETE},
	{"ADD_RECORD_COMMENT", HOOK_EV_COMMENT},
};

static void hook_out(struct req *r, struct jsonw *w, const struct webhook *h)
{
	char when[21];
	jsonw_obj(w);
	jsonw_kint_str(w, "id", h->id);
	jsonw_kint_str(w, "app", h->app_id);
	jsonw_kstr(w, "appName", h->app_name);
	jsonw_kstr(w, "url", h->url);
	jsonw_key(w, "events");
	jsonw_arr(w);
	for (size_t k = 0; k < sizeof event_names / sizeof event_names[0]; k++)
		if (h->events & event_names[k].bit)
			jsonw_str(w, event_names[k].name);
	jsonw_arr_end(w);
	jsonw_kstr(w, "description", h->description);
	jsonw_kbool(w, "enabled", h->enabled);
	jsonw_kstr(w, "state", h->state);
	jsonw_kstr(w, "createdBy", h->created_by_code);
	time_fmt_utc((time_t)h->created_at, when);
	jsonw_kstr(w, "createdAt", when);
	jsonw_kstr(w, "reviewedBy", h->reviewed_by_code);
	if (h->reviewed_at) {
		time_fmt_utc((time_t)h->reviewed_at, when);
		jsonw_kstr(w, "reviewedAt", when);
	} else {
		jsonw_knull(w, "reviewedAt");
	}
	jsonw_kstr(w, "reviewComment", h->review_comment);
	jsonw_kbool(w, "canReview", strcmp(h->state, "pending") == 0 && ext_may_review(r, h->created_by));
	jsonw_key(w, "lastDelivery");
	if (h->last_at) {
		jsonw_obj(w);
		time_fmt_utc((time_t)h->last_at, when);
		jsonw_kstr(w, "at", when);
		jsonw_key(w, "status");
		jsonw_int(w, h->last_status);
		jsonw_kstr(w, "result", h->last_result);
		jsonw_obj_end(w);
	} else {
		jsonw_null(w);
	}
	jsonw_obj_end(w);
}

static void list_out(struct req *r, struct res *s, const struct webhook *h, size_t n)
{
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "reviewRequired", policy_bool("extensions.review"));
	jsonw_kbool(&s->w, "deployed", true);
	jsonw_key(&s->w, "webhooks");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++)
		hook_out(r, &s->w, &h[i]);
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
}

int h_webhooks_get(struct req *r, struct res *s)
{
	struct webhook *h;
	size_t n = 0;
	int64_t app;
	const struct app_ctx *c;
	if (param_id(r, r->params, "app", &app) != 0)
		return -1;
	/* Before the first deploy the builder shows an empty panel, not an error. */
	if (appctx_get(r, app, &c) != 0) {
		if (r->err.code != E_APP_NOT_DEPLOYED)
			return -1;
		err_init(&r->err, r->arena);
		if (dispatch_require_draft(r, app) != 0)
			return -1;
		jsonw_obj(&s->w);
		jsonw_kbool(&s->w, "reviewRequired", policy_bool("extensions.review"));
		jsonw_kbool(&s->w, "deployed", false);
		jsonw_key(&s->w, "webhooks");
		jsonw_arr(&s->w);
		jsonw_arr_end(&s->w);
		jsonw_obj_end(&s->w);
		return 0;
	}
	if (dispatch_require(r, c, RIGHT_MANAGE) != 0 ||
	    store_webhook_list(store_thread(), r->arena, app, NULL, &h, &n, &r->err) != 0)
		return -1;
	list_out(r, s, h, n);
	return 0;
}

int h_admin_webhooks_get(struct req *r, struct res *s)
{
	const char *state;
	struct webhook *h;
	size_t n;
	if (param_str(r, r->params, "state", NULL, &state) != 0)
		return -1;
	if (store_webhook_list(store_thread(), r->arena, 0, state, &h, &n, &r->err) != 0)
		return -1;
	list_out(r, s, h, n);
	return 0;
}

/* Reads "url" (checked against the allow-list now) into h->url. */
static int read_url(struct req *r, const char *def, struct webhook *h)
{
	const char *url;
	char host[256], list[POLICY_TEXT_MAX + 1];
	if (param_str(r, r->params, "url", def, &url) != 0)
		return -1;
	if (url == NULL || *url == '\0')
		return err_field(&r->err, "url", FM_REQUIRED_PARAM, NULL);
	if (!hooks_url_valid(url) || !hooks_url_host(url, host, sizeof host))
		return err_field(&r->err, "url", FM_LINK, NULL);
	policy_text("extensions.webhook_allow", list, sizeof list);
	if (!hooks_url_allowed(list, url))
		return err_set(&r->err, E_HOOK_NOT_ALLOWED, "%s", host);
	h->url = url;
	return 0;
}

/* Reads "events" (array of ADD_RECORD, UPDATE_RECORD, DELETE_RECORD, ADD_RECORD_COMMENT)
 * into h->events. */
static int read_events(struct req *r, bool required, struct webhook *h)
{
	json_t *v = json_object_get(r->params, "events"), *e;
	size_t i;
	if (v == NULL && !required)
		return 0;
	if (!json_is_array(v) || json_array_size(v) == 0)
		return err_field(&r->err, "events", FM_REQUIRED_PARAM, NULL);
	unsigned bits = 0;
	json_array_foreach(v, i, e) {
		const char *name = json_string_value(e);
		unsigned bit = 0;
		for (size_t k = 0; name && k < sizeof event_names / sizeof event_names[0]; k++)
			if (strcmp(name, event_names[k].name) == 0)
				bit = event_names[k].bit;
		if (bit == 0)
			return err_field(&r->err, arena_printf(r->arena, "events[%zu]", i), FM_ENUM, NULL);
		bits |= bit;
	}
	h->events = bits;
	return 0;
}

/* A pending webhook goes to the reviewers' inboxes. */
static int notify_reviewers(struct req *r, const struct webhook *h)
{
	int64_t *ids;
	size_t n;
	if (ext_reviewers(r, h->created_by, &ids, &n) != 0)
		return -1;
	json_t *detail = json_pack(
		"{s:[{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}},{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}}],"
		"s:{s:I,s:I,s:s,s:s,s:s}}",
		"actions",
		"label", "ja", "承認する", "en", "Approve", "method", "POST", "path",
		"/api/admin/webhook/review.json", "body", "id", (json_int_t)h->id, "approve", 1,
		"label", "ja", "却下する", "en", "Refuse", "method", "POST", "path",
		"/api/admin/webhook/review.json", "body", "id", (json_int_t)h->id, "approve", 0,
		"facts", "webhook", (json_int_t)h->id, "app", (json_int_t)h->app_id,
		"url", h->url, "author", r->who.user_code, "description", h->description);
	const char *ja = arena_printf(r->arena, "Webhook の確認: アプリ %lld → %s", (long long)h->app_id,
				      h->url);
	const char *en = arena_printf(r->arena, "Webhook to review: app %lld → %s", (long long)h->app_id,
				      h->url);
	if (detail)
		json_object_set_new(detail, "subject", json_pack("{s:s,s:s}", "ja", ja, "en", en));
	char *text = detail ? json_dumps(detail, JSON_COMPACT) : NULL;
	json_decref(detail);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	const char *subject = arena_printf(r->arena, "%s / %s", ja, en);
	int rc = store_inbox_done_ref(store_thread(), "webhook.review", h->id, r->now, &r->err);
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = store_inbox_add(store_thread(), ids[i], "webhook.review", h->id, subject, text,
				     r->now, &r->err);
	free(text);
	return rc;
}

static void saved_out(struct res *s, const struct webhook *h)
{
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", h->id);
	jsonw_kstr(&s->w, "state", h->state);
	jsonw_obj_end(&s->w);
}

int h_webhooks_add(struct req *r, struct res *s)
{
	struct webhook h;
	memset(&h, 0, sizeof h);
	h.enabled = true;
	if (read_url(r, NULL, &h) != 0 || read_events(r, true, &h) != 0 ||
	    param_text(r, "description", "", 1000, &h.description) != 0 ||
	    param_bool(r, r->params, "enabled", true, &h.enabled) != 0)
		return -1;
	bool review = policy_bool("extensions.review");
	h.app_id = r->app->id;
	h.state = review ? "pending" : "active";
	h.created_by = r->who.user_id;
	h.created_at = r->now;
	if (store_webhook_insert(store_thread(), &h, &r->err) != 0)
		return -1;
	if (review && notify_reviewers(r, &h) != 0)
		return -1;
	saved_out(s, &h);
	return 0;
}

int h_webhooks_update(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id;
	struct webhook h;
	if (param_id(r, r->params, "id", &id) != 0 ||
	    store_webhook_get(st, r->arena, id, r->app->id, &h, &r->err) != 0)
		return -1;
	const char *old_url = h.url;
	unsigned old_events = h.events;
	if (read_url(r, h.url, &h) != 0 || read_events(r, false, &h) != 0 ||
	    param_text(r, "description", h.description, 1000, &h.description) != 0 ||
	    param_bool(r, r->params, "enabled", h.enabled, &h.enabled) != 0)
		return -1;
	bool review = policy_bool("extensions.review");
	/* What is sent, and where, is what the reviewer approved: a change is reviewed again. */
	bool changed = strcmp(old_url, h.url) != 0 || old_events != h.events;
	bool reset = changed && review;
	if (reset) {
		h.state = "pending";
		h.created_by = r->who.user_id;
		h.created_at = r->now;
	} else if (changed && strcmp(h.state, "refused") == 0) {
		h.state = "active";	/* without the review, a corrected webhook works */
	}
	if (store_webhook_update(st, &h, reset, &r->err) != 0)
		return -1;
	if (reset && notify_reviewers(r, &h) != 0)
		return -1;
	saved_out(s, &h);
	return 0;
}

int h_webhooks_delete(struct req *r, struct res *s)
{
	int64_t id;
	if (param_id(r, r->params, "id", &id) != 0 ||
	    store_webhook_delete(store_thread(), id, r->app->id, &r->err) != 0 ||
	    store_inbox_done_ref(store_thread(), "webhook.review", id, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_admin_webhook_review(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id;
	bool approve;
	const char *comment;
	struct webhook h;
	if (param_decision(r, &id, &approve, &comment) != 0)
		return -1;
	if (store_webhook_get(st, r->arena, id, 0, &h, &r->err) != 0)
		return -1;
	audit_app(r, h.app_id);
	if (!ext_may_review(r, h.created_by))
		return err_set(&r->err, E_REVIEW_OWN, NULL);
	if (store_webhook_review(st, id, approve, r->who.user_id, comment, r->now, &r->err) != 0)
		return -1;
	return ext_review_done(r, s, "webhook", id, h.created_by, approve, arena_printf(r->arena, approve
		? "Webhook が承認されました / Your webhook was approved: %s"
		: "Webhook が却下されました / Your webhook was refused: %s", h.url));
}
