/*
 * comments_rules: the comment rules (RULES.md row 13; Abiko §11 "comments only within
 * business scope, nothing unbecoming", Kumamoto 第16条(1)): the per-app switch (kintone's
 * enableComments app setting; off -> DC_CM01 on every comment path), the reminder of the
 * rules a person acknowledges before their first comment (policy comments.reminder),
 * deleted comments kept with who deleted them and when (policy comments.history), readable
 * by the app's managers and auditors, and "report to the manager" on a comment, which
 * opens an inbox item for the app's owner and the protection managers of their section.
 */
#include "http/handlers/handlers.h"
#include "http/mynumber_guard.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "http/appctx.h"
#include "http/params.h"
#include "rules/policy.h"
#include "store/inbox.h"
#include "store/incidents.h"
#include "store/misc.h"
#include "store/records.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { HISTORY_LIMIT = 500, REASON_MAX = 1000, QUOTE_MAX = 500 };

int comments_require_enabled(struct req *r, int64_t app_id)
{
	bool on;
	if (store_app_comments_enabled(store_thread(), app_id, &on, &r->err) != 0)
		return -1;
	return on ? 0 : err_set(&r->err, E_COMMENTS_OFF, NULL);
}

int h_comment_history(struct req *r, struct res *s)
{
	int64_t rec;
	if (!(appctx_rights(r->app, &r->who) & RIGHT_MANAGE) && !(r->who.roles & ROLE_AUDITOR))
		return err_set(&r->err, E_COMMENT_HISTORY, NULL);
	if (param_int(r, r->params, "record", 0, &rec) != 0)
		return -1;
	if (rec < 0)
		return err_field(&r->err, "record", FM_INVALID, NULL);
	struct comment_kept *c;
	size_t n;
	if (store_comment_history(store_thread(), r->arena, r->app->id, rec, HISTORY_LIMIT, &c, &n,
				  &r->err) != 0)
		return -1;
	if (rec > 0)
		audit_id(r, rec);
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "comments");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		char t[21];
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "record", c[i].record_id);
		jsonw_kint_str(&s->w, "id", c[i].comment_id);
		jsonw_kstr(&s->w, "text", c[i].text);
		jsonw_kstr(&s->w, "creator", c[i].creator);
		jsonw_kstr(&s->w, "createdAt", c[i].created_at);
		jsonw_key(&s->w, "mentions");
		jsonw_raw(&s->w, c[i].mentions, strlen(c[i].mentions));
		jsonw_kstr(&s->w, "deletedBy", c[i].deleted_by);
		time_fmt_utc((time_t)c[i].deleted_at, t);
		jsonw_kstr(&s->w, "deletedAt", t);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_comment_reminder_get(struct req *r, struct res *s)
{
	int64_t at;
	if (store_comment_reminder_get(store_thread(), r->who.user_id, &at, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "show", policy_bool("comments.reminder") && at == 0);
	if (at) {
		char t[21];
		time_fmt_utc((time_t)at, t);
		jsonw_kstr(&s->w, "acknowledgedAt", t);
	} else {
		jsonw_knull(&s->w, "acknowledgedAt");
	}
	jsonw_obj_end(&s->w);
	return 0;
}

int h_comment_reminder_ack(struct req *r, struct res *s)
{
	if (store_comment_reminder_set(store_thread(), r->who.user_id, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_comment_report(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t rec, id, rev, owner, *pm = NULL;
	size_t n_pm = 0;
	const char *reason;
	struct comment_row c;
	struct user o;
	if (param_id(r, r->params, "record", &rec) != 0 || param_id(r, r->params, "comment", &id) != 0 ||
	    param_str(r, r->params, "reason", "", &reason) != 0)
		return -1;
	if (utf8_count(reason, strlen(reason)) > REASON_MAX)
		return err_field(&r->err, "reason", FM_TOO_LONG, "1000");
	bool confirmed;
	if (mnguard_text(r, NULL, "reason", "報告の理由", "The reason", reason, &confirmed) != 0)
		return -1;
	if (store_record_revision(st, r->app->schema, rec, &rev, &r->err) != 0 ||
	    store_comment_get(st, r->arena, r->app->id, rec, id, &c, &r->err) != 0 ||
	    store_app_owner(st, r->app->id, &owner, &r->err) != 0)
		return -1;
	audit_id(r, rec);
	int64_t to[32];
	size_t n = 0;
	if (owner > 0) {
		to[n++] = owner;
		if (store_user_by_id(st, r->arena, owner, &o, &r->err) != 0)
			return -1;
		if (o.section_id > 0 &&
		    store_org_protection_managers(st, r->arena, o.section_id, &pm, &n_pm, &r->err) != 0)
			return -1;
	}
	for (size_t i = 0; i < n_pm && n < 32; i++)
		if (pm[i] != owner)
			to[n++] = pm[i];
	char quote[QUOTE_MAX * 4 + 4];
	size_t len = strlen(c.text), cut = 0, chars = 0;
	while (cut < len && chars < QUOTE_MAX) {
		cut++;
		while (cut < len && ((unsigned char)c.text[cut] & 0xC0) == 0x80)
			cut++;
		chars++;
	}
	memcpy(quote, c.text, cut);
	snprintf(quote + cut, sizeof quote - cut, "%s", cut < len ? "…" : "");
	json_t *d = json_pack("{s:{s:I,s:I,s:I,s:s,s:s},s:s,s:s,s:{s:s,s:s},s:[{s:{s:s,s:s},s:s}]}",
			      "comment", "app", (json_int_t)r->app->id, "record", (json_int_t)rec, "id",
			      (json_int_t)id, "creator", c.creator, "text", quote,
			      "reason", reason, "reporter", r->who.user_code,
			      "subject", "ja", "コメントの報告（我孫子市 §11）", "en", "A comment reported (Abiko §11)",
			      "actions", "label", "ja", "レコードを開く", "en", "Open the record",
			      "href", arena_printf(r->arena, "/apps/%lld/records/%lld", (long long)r->app->id,
						   (long long)rec));
	char *text = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	if (text == NULL)
		return err_set(&r->err, E_INTERNAL, NULL);
	const char *subject = arena_printf(r->arena, "コメントの報告 / Comment reported: app %lld, record %lld, #%lld",
					   (long long)r->app->id, (long long)rec, (long long)id);
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = store_inbox_add(st, to[i], "comment.report", r->app->id, subject, text, r->now, &r->err);
	free(text);
	if (rc != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "notified", (long long)n);
	jsonw_obj_end(&s->w);
	return 0;
}
