/* webhook_event: queued webhook deliveries for record writes (see webhook_event.h). */
#include "http/handlers/webhook_event.h"
#include "http/handlers/handlers.h"
#include "auth/crypto.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "fields/record.h"
#include "http/appctx.h"
#include "rules/hooks.h"
#include "store/apps.h"
#include "store/records.h"
#include "store/webhooks.h"

#include <stdio.h>
#include <string.h>

/* A random version-4 UUID, as kintone gives each notification. */
static void new_uuid(char out[37])
{
	unsigned char b[16];
	crypto_random_bytes(b, sizeof b);
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12],
		 b[13], b[14], b[15]);
}

/* The record's title: its first top-level single-line text, else its id. */
static const char *record_title(struct write_ctx *w, const struct rec_row *row)
{
	const struct schema *s = w->app->schema;
	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].type == FT_SINGLE_LINE_TEXT && s->fields[i].parent < 0)
			return row->cells[i] ? row->cells[i] : "";
	return arena_printf(w->r->arena, "%lld", (long long)row->id);
}

/* The comment's part of an ADD_RECORD_COMMENT notification. */
struct comment_info {
	int64_t id;
	const char *text, *created_at, *mentions;
};

/* Queues one notification of event about record id to every webhook that wants it. */
static int queue(struct write_ctx *w, unsigned event, int64_t id, const struct comment_info *ci)
{
	struct req *r = w->r;
	int64_t *hooks;
	size_t n_hooks;
	if (store_webhooks_for_event(w->st, r->arena, w->app->id, event, &hooks, &n_hooks,
				     &r->err) != 0)
		return -1;
	if (n_hooks == 0)
		return 0;
	struct app_row app;
	if (store_app_get(w->st, r->arena, w->app->id, &app, &r->err) != 0)
		return -1;
	const char *host = req_header(r, "Host");
	const char *who = r->who.user_name ? r->who.user_name : r->who.user_code;
	char uuid[37];
	new_uuid(uuid);
	struct buf b;
	struct jsonw jw;
	buf_init(&b, 0);
	jsonw_init(&jw, &b);
	jsonw_obj(&jw);
	jsonw_kstr(&jw, "id", uuid);
	jsonw_kstr(&jw, "type", event == HOOK_EV_ADD ? "ADD_RECORD"
			      : event == HOOK_EV_EDIT ? "UPDATE_RECORD"
			      : event == HOOK_EV_DELETE ? "DELETE_RECORD" : "ADD_RECORD_COMMENT");
	jsonw_key(&jw, "app");
	jsonw_obj(&jw);
	jsonw_kint_str(&jw, "id", app.id);
	jsonw_kstr(&jw, "name", app.name);
	jsonw_obj_end(&jw);
	/* Class Ⅰ data is encrypted at rest and My Numbers stay in their approved app: their
	 * notifications carry no record values, the receiver reads the record through the
	 * API with its own reviewed token (docs/EXTENSIONS.md). */
	bool withhold = w->app->info_class == CLASS_ENCRYPTED_RANK || appctx_mynumber_exempt(w->app);
	if (withhold)
		jsonw_kbool(&jw, "contentsWithheld", true);
	int rc = 0;
	if (event == HOOK_EV_DELETE) {
		jsonw_kint_str(&jw, "recordId", id);
		jsonw_key(&jw, "deleteBy");
		jsonw_obj(&jw);
		jsonw_kstr(&jw, "code", r->who.user_code);
		jsonw_kstr(&jw, "name", who);
		jsonw_obj_end(&jw);
		jsonw_kstr(&jw, "deleteAt", w->now);
	} else {
		struct rec_row *row;
		size_t n = 0;
		rc = store_records_by_ids(w->st, r->arena, w->app->schema, &id, 1, NULL, &row, &n,
					  &r->err);
		if (rc == 0 && ci != NULL) {
			jsonw_key(&jw, "comment");
			jsonw_obj(&jw);
			jsonw_kint_str(&jw, "id", ci->id);
			if (!withhold)
				jsonw_kstr(&jw, "text", ci->text);
			jsonw_kstr(&jw, "createdAt", ci->created_at);
			jsonw_key(&jw, "creator");
			jsonw_obj(&jw);
			jsonw_kstr(&jw, "code", r->who.user_code);
			jsonw_kstr(&jw, "name", who);
			jsonw_obj_end(&jw);
			jsonw_key(&jw, "mentions");
			jsonw_raw(&jw, ci->mentions, strlen(ci->mentions));
			jsonw_obj_end(&jw);
			jsonw_kint_str(&jw, "recordId", id);
		} else if (rc == 0 && n == 1 && withhold) {
			jsonw_kint_str(&jw, "recordId", id);
		} else if (rc == 0 && n == 1) {
			jsonw_key(&jw, "record");
			record_out(&jw, w->app->schema, row, NULL);
		}
		if (rc == 0 && n == 1 && !withhold)
			jsonw_kstr(&jw, "recordTitle", record_title(w, row));
	}
	jsonw_kstr(&jw, "url", arena_printf(r->arena, "%s://%s/apps/%lld/records/%lld",
					    session_cookie_secure() ? "https" : "http",
					    host ? host : "localhost", (long long)app.id, (long long)id));
	jsonw_obj_end(&jw);
	for (size_t i = 0; i < n_hooks && rc == 0; i++)
		rc = store_delivery_add(w->st, hooks[i], buf_str(&b), r->now, &r->err);
	buf_free(&b);
	return rc;
}

int webhook_event(struct write_ctx *w, unsigned event, int64_t id)
{
	return queue(w, event, id, NULL);
}

int webhook_comment_event(struct write_ctx *w, int64_t record_id, int64_t comment_id,
			  const char *text, const char *created_at, const char *mentions)
{
	struct comment_info ci = {comment_id, text, created_at, mentions && *mentions ? mentions : "[]"};
	return queue(w, HOOK_EV_COMMENT, record_id, &ci);
}
