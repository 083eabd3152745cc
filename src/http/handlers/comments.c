/*
 * comments: record comments (record/comment.json, record/comments.json) with mentions
 * of users. Mentioned users' names are put in front of the text, as kintone does. An app
 * whose setting enableComments is false refuses all three (DC_CM01); deleted comments are
 * kept under the policy comments.history (comments_rules.c reads them back).
 */
#include "http/handlers/handlers.h"
#include "http/handlers/webhook_event.h"
#include "core/timeutil.h"
#include "core/utf8.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/mynumber_guard.h"
#include "http/params.h"
#include "rules/policy.h"
#include "store/incidents.h"
#include "store/misc.h"
#include "store/records.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { COMMENT_TEXT_MAX = 65535, MENTIONS_MAX = 10, COMMENTS_LIMIT = 10 };

/* The "record" parameter, checked to exist; the app's comments switched on (Abiko §11). */
static int record_param(struct req *r, int64_t *id)
{
	int64_t rev;
	if (comments_require_enabled(r, r->app->id) != 0 || param_id(r, r->params, "record", id) != 0)
		return -1;
	if (store_record_revision(store_thread(), r->app->schema, *id, &rev, &r->err) != 0)
		return -1;
	audit_id(r, *id);
	return 0;
}

int h_comments_get(struct req *r, struct res *s)
{
	int64_t rec, offset, limit, total;
	const char *order;
	struct comment_row *rows;
	size_t n;
	if (record_param(r, &rec) != 0 || param_str(r, r->params, "order", "desc", &order) != 0 ||
	    param_int(r, r->params, "offset", 0, &offset) != 0 ||
	    param_int(r, r->params, "limit", COMMENTS_LIMIT, &limit) != 0)
		return -1;
	if (strcmp(order, "asc") != 0 && strcmp(order, "desc") != 0)
		return err_field(&r->err, "order", FM_ENUM, NULL);
	if (offset < 0)
		return err_field(&r->err, "offset", FM_INVALID, NULL);
	if (limit < 1 || limit > COMMENTS_LIMIT)
		return err_field(&r->err, "limit", FM_TEXT, "1 - 10");
	bool asc = strcmp(order, "asc") == 0;
	if (store_comment_list(store_thread(), r->arena, r->app->id, rec, asc, offset, limit, &rows,
			       &n, &total, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "comments");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", rows[i].id);
		jsonw_kstr(&s->w, "text", rows[i].text);
		jsonw_kstr(&s->w, "createdAt", rows[i].created_at);
		jsonw_key(&s->w, "creator");
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "code", rows[i].creator);
		jsonw_kstr(&s->w, "name", rows[i].creator_name);
		jsonw_obj_end(&s->w);
		jsonw_key(&s->w, "mentions");
		jsonw_raw(&s->w, rows[i].mentions, strlen(rows[i].mentions));
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	bool beyond = offset + (int64_t)n < total, before = offset > 0;
	jsonw_kbool(&s->w, "older", asc ? before : beyond);
	jsonw_kbool(&s->w, "newer", asc ? beyond : before);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_comment_add(struct req *r, struct res *s)
{
	int64_t rec, id;
	json_t *c = json_object_get(r->params, "comment");
	if (record_param(r, &rec) != 0)
		return -1;
	if (!json_is_object(c))
		return err_field(&r->err, "comment", FM_REQUIRED_PARAM, NULL);
	const char *text = json_string_value(json_object_get(c, "text"));
	json_t *mentions = json_object_get(c, "mentions");
	if (text == NULL || *text == '\0')
		return err_field(&r->err, "comment.text", FM_REQUIRED_PARAM, NULL);
	if (utf8_count(text, strlen(text)) > COMMENT_TEXT_MAX)
		return err_field(&r->err, "comment.text", FM_TOO_LONG, "65535");
	if (mentions != NULL && !json_is_null(mentions) && !json_is_array(mentions))
		return err_field(&r->err, "comment.mentions", FM_TYPE, "array");
	if (json_array_size(mentions) > MENTIONS_MAX)
		return err_field(&r->err, "comment.mentions", FM_TOO_MANY, "10");
	bool confirmed;
	if (mnguard_comment(r, r->app, text, &confirmed) != 0)
		return -1;
	struct buf full, list;
	struct jsonw lw;
	buf_init(&full, 0);
	buf_init(&list, 0);
	jsonw_init(&lw, &list);
	jsonw_arr(&lw);
	size_t i;
	json_t *m;
	json_array_foreach(mentions, i, m) {
		char key[48];
		const char *code = json_string_value(json_object_get(m, "code"));
		const char *type = json_string_value(json_object_get(m, "type"));
		snprintf(key, sizeof key, "comment.mentions[%zu]", i);
		if (type != NULL && strcmp(type, "USER") != 0) {
			buf_free(&full);
			buf_free(&list);
			return err_field(&r->err, key, FM_UNSUPPORTED, type);
		}
		if (code == NULL || !store_user_exists(store_thread(), code)) {
			buf_free(&full);
			buf_free(&list);
			return err_field(&r->err, key, FM_USER_UNKNOWN, code ? code : "");
		}
		buf_printf(&full, "@%s ", code);
		jsonw_obj(&lw);
		jsonw_kstr(&lw, "code", code);
		jsonw_kstr(&lw, "type", "USER");
		jsonw_obj_end(&lw);
	}
	jsonw_arr_end(&lw);
	if (full.len)
		buf_putc(&full, '\n');
	buf_puts(&full, text);
	char now[21];
	time_fmt_utc(r->now, now);
	int rc = store_comment_add(store_thread(), r->app->id, rec, buf_str(&full), r->who.user_code,
				   now, buf_str(&list), &id, &r->err);
	if (rc == 0) {
		struct write_ctx w;
		write_ctx_init(&w, r);
		rc = webhook_comment_event(&w, rec, id, buf_str(&full), now, buf_str(&list));
	}
	buf_free(&full);
	buf_free(&list);
	if (rc != 0)
		return -1;
	if (confirmed)
		mnguard_log_confirmed(r, r->app->id, rec);
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", id);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_comment_delete(struct req *r, struct res *s)
{
	int64_t rec, id;
	struct comment_row c;
	struct store *st = store_thread();
	if (record_param(r, &rec) != 0 || param_id(r, r->params, "comment", &id) != 0)
		return -1;
	if (store_comment_get(st, r->arena, r->app->id, rec, id, &c, &r->err) != 0)
		return -1;
	if (strcmp(c.creator, r->who.user_code) != 0)
		return err_set(&r->err, E_NO_PERMISSION, NULL);
	/* Abiko §11: the deleted text is kept for the app's managers and auditors. */
	if (policy_bool("comments.history") &&
	    store_comment_keep(st, r->app->id, rec, id, r->who.user_id, r->now, &r->err) != 0)
		return -1;
	if (store_comment_delete(st, r->app->id, rec, id, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
