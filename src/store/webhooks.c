/* store/webhooks: webhooks and their delivery queue in SQLite (see webhooks.h). */
#include "store/webhooks.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <string.h>

#define HOOK_COLS \
	"w.id, w.app_id, w.url, w.events, w.description, w.enabled, w.state, w.created_by," \
	" COALESCE(c.code, ''), w.created_at, COALESCE(v.code, ''), w.reviewed_at," \
	" w.review_comment, w.last_at, w.last_status, w.last_result, a.name" \
	" FROM webhooks w JOIN apps a ON a.id = w.app_id" \
	" LEFT JOIN users c ON c.id = w.created_by LEFT JOIN users v ON v.id = w.reviewed_by"

static void read_hook(struct arena *a, sqlite3_stmt *s, struct webhook *w)
{
	w->id = sqlite3_column_int64(s, 0);
	w->app_id = sqlite3_column_int64(s, 1);
	w->url = db_col_text(a, s, 2);
	w->events = (unsigned)sqlite3_column_int(s, 3);
	w->description = db_col_text(a, s, 4);
	w->enabled = sqlite3_column_int(s, 5) != 0;
	w->state = db_col_text(a, s, 6);
	w->created_by = sqlite3_column_int64(s, 7);
	w->created_by_code = db_col_text(a, s, 8);
	w->created_at = sqlite3_column_int64(s, 9);
	w->reviewed_by_code = db_col_text(a, s, 10);
	w->reviewed_at = sqlite3_column_int64(s, 11);
	w->review_comment = db_col_text(a, s, 12);
	w->last_at = sqlite3_column_int64(s, 13);
	w->last_status = sqlite3_column_int(s, 14);
	w->last_result = db_col_text(a, s, 15);
	w->app_name = db_col_text(a, s, 16);
}

int store_webhook_list(struct store *st, struct arena *a, int64_t app_id, const char *state,
		       struct webhook **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " HOOK_COLS
				     " WHERE (?1 = 0 OR w.app_id = ?1) AND (?2 IS NULL OR w.state = ?2)"
				     " ORDER BY w.id", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	db_bind_text(s, 2, state);
	size_t cap = 0;
	int rc;
	*n = 0;
	*out = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_hook(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_webhook_get(struct store *st, struct arena *a, int64_t id, int64_t app_id,
		      struct webhook *w, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " HOOK_COLS
				     " WHERE w.id = ?1 AND (?2 = 0 OR w.app_id = ?2)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, app_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_hook(a, s, w);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_field(e, "id", FM_INVALID, NULL);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_webhook_insert(struct store *st, struct webhook *w, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO webhooks(app_id, url, events, description, enabled, state, created_by,"
		" created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, w->app_id);
	db_bind_text(s, 2, w->url);
	sqlite3_bind_int(s, 3, (int)w->events);
	db_bind_text(s, 4, w->description ? w->description : "");
	sqlite3_bind_int(s, 5, w->enabled);
	db_bind_text(s, 6, w->state);
	sqlite3_bind_int64(s, 7, w->created_by);
	sqlite3_bind_int64(s, 8, w->created_at);
	if (db_step_done(st, s, e) != 0)
		return -1;
	w->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_webhook_update(struct store *st, const struct webhook *w, bool reset_review,
			 struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE webhooks SET url = ?1, events = ?2, description = ?3, enabled = ?4, state = ?5,"
		" created_by = CASE WHEN ?6 THEN ?7 ELSE created_by END,"
		" created_at = CASE WHEN ?6 THEN ?8 ELSE created_at END,"
		" reviewed_by = CASE WHEN ?6 THEN NULL ELSE reviewed_by END,"
		" reviewed_at = CASE WHEN ?6 THEN 0 ELSE reviewed_at END,"
		" review_comment = CASE WHEN ?6 THEN '' ELSE review_comment END"
		" WHERE id = ?9", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, w->url);
	sqlite3_bind_int(s, 2, (int)w->events);
	db_bind_text(s, 3, w->description ? w->description : "");
	sqlite3_bind_int(s, 4, w->enabled);
	db_bind_text(s, 5, w->state);
	sqlite3_bind_int(s, 6, reset_review);
	sqlite3_bind_int64(s, 7, w->created_by);
	sqlite3_bind_int64(s, 8, w->created_at);
	sqlite3_bind_int64(s, 9, w->id);
	return db_step_done(st, s, e);
}

int store_webhook_delete(struct store *st, int64_t id, int64_t app_id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM webhook_deliveries WHERE webhook_id ="
				     " (SELECT id FROM webhooks WHERE id = ?1 AND app_id = ?2)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, app_id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, "DELETE FROM webhooks WHERE id = ? AND app_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, app_id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return err_field(e, "id", FM_INVALID, NULL);
	return 0;
}

int store_webhook_review(struct store *st, int64_t id, bool approve, int64_t by,
			 const char *comment, int64_t now, struct err *e)
{
	return db_review(st,
		"UPDATE webhooks SET state = ?, reviewed_by = ?, reviewed_at = ?, review_comment = ?"
		" WHERE id = ? AND state = 'pending'", id, approve ? "active" : "refused", by, comment, now, e);
}

int store_webhooks_for_event(struct store *st, struct arena *a, int64_t app_id, unsigned event,
			     int64_t **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT id FROM webhooks WHERE app_id = ? AND (events & ?) != 0 AND enabled = 1"
		" AND state = 'active' ORDER BY id", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int(s, 2, (int)event);
	size_t cap = 0;
	int rc;
	*n = 0;
	*out = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_delivery_add(struct store *st, int64_t webhook_id, const char *payload, int64_t now,
		       struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO webhook_deliveries(webhook_id, payload, next_at, created_at)"
		" VALUES (?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, webhook_id);
	db_bind_text(s, 2, payload);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, now);
	return db_step_done(st, s, e);
}

int store_deliveries_due(struct store *st, struct arena *a, int64_t now, size_t max,
			 struct webhook_delivery **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT d.id, d.webhook_id, w.app_id, w.url, w.state = 'active' AND w.enabled = 1,"
		" d.payload, d.attempts FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id"
		" WHERE d.status = 'pending' AND d.next_at <= ? ORDER BY d.id LIMIT ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	*n = 0;
	*out = arena_alloc(a, (max ? max : 1) * sizeof **out);
	int rc = SQLITE_DONE;
	while (*n < max && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct webhook_delivery *d = &(*out)[(*n)++];
		d->id = sqlite3_column_int64(s, 0);
		d->webhook_id = sqlite3_column_int64(s, 1);
		d->app_id = sqlite3_column_int64(s, 2);
		d->url = db_col_text(a, s, 3);
		d->sendable = sqlite3_column_int(s, 4) != 0;
		d->payload = db_col_text(a, s, 5);
		d->attempts = sqlite3_column_int(s, 6);
	}
	if (*n == max)
		rc = SQLITE_DONE;
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_delivery_result(struct store *st, int64_t id, int64_t webhook_id, const char *status,
			  int attempts, int64_t next_at, int http_status, const char *result,
			  int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE webhook_deliveries SET status = ?, attempts = ?, next_at = ?, http_status = ?,"
		" result = ?, done_at = CASE WHEN ?1 = 'pending' THEN 0 ELSE ?6 END WHERE id = ?7", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, status);
	sqlite3_bind_int(s, 2, attempts);
	sqlite3_bind_int64(s, 3, next_at);
	sqlite3_bind_int(s, 4, http_status);
	db_bind_text(s, 5, result);
	sqlite3_bind_int64(s, 6, now);
	sqlite3_bind_int64(s, 7, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, "UPDATE webhooks SET last_at = ?, last_status = ?, last_result = ?"
			   " WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int(s, 2, http_status);
	db_bind_text(s, 3, result);
	sqlite3_bind_int64(s, 4, webhook_id);
	return db_step_done(st, s, e);
}

int store_deliveries_purge(struct store *st, int64_t before, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM webhook_deliveries WHERE status != 'pending'"
				     " AND done_at < ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, before);
	return db_step_done(st, s, e);
}
