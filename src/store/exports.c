/* store/exports: export history, held exports and thresholds (see exports.h). */
#include "store/exports.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <string.h>

int store_export_add(struct store *st, const struct export_row *x, int64_t *id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO exports(app_id, app_name, user_id, requested_at, request_id, info_class,"
		" personal, count, reason, format, max_record_id, status, approver_id, decided_at,"
		" comment, expires_at, downloaded_at, watermark)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULLIF(?, 0), ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, x->app_id);
	db_bind_text(s, 2, x->app_name ? x->app_name : "");
	sqlite3_bind_int64(s, 3, x->user_id);
	sqlite3_bind_int64(s, 4, x->requested_at);
	db_bind_text(s, 5, x->request_id ? x->request_id : "");
	sqlite3_bind_int(s, 6, x->info_class);
	sqlite3_bind_int(s, 7, x->personal ? 1 : 0);
	sqlite3_bind_int64(s, 8, x->count);
	db_bind_text(s, 9, x->reason ? x->reason : "");
	db_bind_text(s, 10, x->format ? x->format : "{}");
	sqlite3_bind_int64(s, 11, x->max_record_id);
	db_bind_text(s, 12, x->status);
	sqlite3_bind_int64(s, 13, x->approver_id);
	sqlite3_bind_int64(s, 14, x->decided_at);
	db_bind_text(s, 15, x->comment ? x->comment : "");
	sqlite3_bind_int64(s, 16, x->expires_at);
	sqlite3_bind_int64(s, 17, x->downloaded_at);
	db_bind_text(s, 18, x->watermark ? x->watermark : "");
	if (db_step_done(st, s, e) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

/* The columns read_row expects, over exports x joined to users u (requester), v (approver). */
#define ROW_COLS "x.id, x.app_id, x.app_name, x.user_id, x.requested_at, x.request_id,"	\
	" x.info_class, x.personal, x.count, x.reason, x.format, x.max_record_id, x.status,"	\
	" COALESCE(x.approver_id, 0), x.decided_at, x.comment, x.expires_at, x.downloaded_at,"	\
	" x.watermark, COALESCE(u.code, ''), COALESCE(u.name, ''), COALESCE(v.code, ''),"	\
	" COALESCE(v.name, '')"								\
	" FROM exports x LEFT JOIN users u ON u.id = x.user_id"				\
	" LEFT JOIN users v ON v.id = x.approver_id"

static void read_row(struct arena *a, sqlite3_stmt *s, struct export_row *x)
{
	x->id = sqlite3_column_int64(s, 0);
	x->app_id = sqlite3_column_int64(s, 1);
	x->app_name = db_col_text(a, s, 2);
	x->user_id = sqlite3_column_int64(s, 3);
	x->requested_at = sqlite3_column_int64(s, 4);
	x->request_id = db_col_text(a, s, 5);
	x->info_class = sqlite3_column_int(s, 6);
	x->personal = sqlite3_column_int(s, 7) != 0;
	x->count = sqlite3_column_int64(s, 8);
	x->reason = db_col_text(a, s, 9);
	x->format = db_col_text(a, s, 10);
	x->max_record_id = sqlite3_column_int64(s, 11);
	x->status = db_col_text(a, s, 12);
	x->approver_id = sqlite3_column_int64(s, 13);
	x->decided_at = sqlite3_column_int64(s, 14);
	x->comment = db_col_text(a, s, 15);
	x->expires_at = sqlite3_column_int64(s, 16);
	x->downloaded_at = sqlite3_column_int64(s, 17);
	x->watermark = db_col_text(a, s, 18);
	x->user_code = db_col_text(a, s, 19);
	x->user_name = db_col_text(a, s, 20);
	x->approver_code = db_col_text(a, s, 21);
	x->approver_name = db_col_text(a, s, 22);
}

int store_export_get(struct store *st, struct arena *a, int64_t id, struct export_row *out,
		     struct err *e)
{
	memset(out, 0, sizeof *out);
	sqlite3_stmt *s = db_prepare(st, "SELECT " ROW_COLS " WHERE x.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_row(a, s, out);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_field(e, "id", FM_INVALID, NULL);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_export_decide(struct store *st, int64_t id, const char *status, int64_t approver_id,
			const char *comment, int64_t now, int64_t expires_at, bool *changed,
			struct err *e)
{
	*changed = false;
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE exports SET status = ?, approver_id = ?, comment = ?, decided_at = ?,"
		" expires_at = ? WHERE id = ? AND status = 'pending'", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, status);
	sqlite3_bind_int64(s, 2, approver_id);
	db_bind_text(s, 3, comment ? comment : "");
	sqlite3_bind_int64(s, 4, now);
	sqlite3_bind_int64(s, 5, expires_at);
	sqlite3_bind_int64(s, 6, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	*changed = sqlite3_changes(st->db) == 1;
	return 0;
}

int store_export_downloaded(struct store *st, int64_t id, const char *watermark, int64_t now,
			    bool *changed, struct err *e)
{
	*changed = false;
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE exports SET status = 'downloaded', downloaded_at = ?, watermark = ?"
		" WHERE id = ? AND status = 'approved'", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	db_bind_text(s, 2, watermark ? watermark : "");
	sqlite3_bind_int64(s, 3, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	*changed = sqlite3_changes(st->db) == 1;
	return 0;
}

int store_exports_list(struct store *st, struct arena *a, int64_t app_id, int64_t user_id,
		       int64_t before, int limit, struct export_row **out, size_t *n,
		       struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	if (limit < 1 || limit > 1000)
		limit = 1000;
	sqlite3_stmt *s = db_prepare(st, "SELECT " ROW_COLS
		" WHERE (?1 = 0 OR x.app_id = ?1) AND (?2 = 0 OR x.user_id = ?2)"
		" AND (?3 = 0 OR x.id < ?3) ORDER BY x.id DESC LIMIT ?4", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, user_id);
	sqlite3_bind_int64(s, 3, before);
	sqlite3_bind_int(s, 4, limit);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_row(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_export_threshold_get(struct store *st, int64_t app_id, int64_t *threshold,
			       bool *found, struct err *e)
{
	*found = false;
	*threshold = 0;
	sqlite3_stmt *s = db_prepare(st, "SELECT threshold FROM export_settings WHERE app_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*threshold = sqlite3_column_int64(s, 0);
		*found = true;
	}
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_export_threshold_set(struct store *st, int64_t app_id, bool has, int64_t threshold,
			       const char *by, int64_t now, struct err *e)
{
	sqlite3_stmt *s;
	if (!has) {
		s = db_prepare(st, "DELETE FROM export_settings WHERE app_id = ?", e);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, app_id);
		return db_step_done(st, s, e);
	}
	s = db_prepare(st,
		"INSERT INTO export_settings(app_id, threshold, set_by, set_at) VALUES (?, ?, ?, ?)"
		" ON CONFLICT(app_id) DO UPDATE SET threshold = excluded.threshold,"
		" set_by = excluded.set_by, set_at = excluded.set_at", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, threshold);
	db_bind_text(s, 3, by ? by : "");
	sqlite3_bind_int64(s, 4, now);
	return db_step_done(st, s, e);
}
