/* store/downloads: counters, thresholds and warnings of the bulk-download rule (see downloads.h). */
#include "store/downloads.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <string.h>

int store_dl_window_count(struct store *st, int64_t user_id, int64_t app_id, int64_t since,
			  int64_t *n, struct err *e)
{
	*n = 0;
	sqlite3_stmt *s = db_prepare(st,
		"SELECT COALESCE(SUM(n), 0) FROM download_counts"
		" WHERE user_id = ? AND app_id = ? AND hour >= ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, app_id);
	sqlite3_bind_int64(s, 3, since);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_dl_count_add(struct store *st, int64_t user_id, int64_t app_id, int64_t hour,
		       int64_t n, int64_t purge_before, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO download_counts(user_id, app_id, hour, n) VALUES (?, ?, ?, ?)"
		" ON CONFLICT(user_id, app_id, hour) DO UPDATE SET n = n + excluded.n", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, app_id);
	sqlite3_bind_int64(s, 3, hour);
	sqlite3_bind_int64(s, 4, n);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, "DELETE FROM download_counts WHERE hour < ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, purge_before);
	return db_step_done(st, s, e);
}

/* Columns of a limit row after apps.id, apps.name (see the queries below). */
#define LIMIT_COLS "l.threshold, COALESCE(l.hard_cap, 0), COALESCE(l.set_by, ''),"	\
	" COALESCE(l.set_at, 0), COALESCE(l.reviewed_by, ''), COALESCE(l.reviewed_at, 0)"

static void read_limit(struct arena *a, sqlite3_stmt *s, struct dl_limit *l)
{
	l->app_id = sqlite3_column_int64(s, 0);
	l->app_name = db_col_text(a, s, 1);
	l->has_threshold = sqlite3_column_type(s, 2) != SQLITE_NULL;
	l->threshold = sqlite3_column_int64(s, 2);
	l->hard_cap = sqlite3_column_int64(s, 3);
	l->set_by = db_col_text(a, s, 4);
	l->set_at = sqlite3_column_int64(s, 5);
	l->reviewed_by = db_col_text(a, s, 6);
	l->reviewed_at = sqlite3_column_int64(s, 7);
}

int store_dl_limit_get(struct store *st, struct arena *a, int64_t app_id, struct dl_limit *out,
		       bool *found, struct err *e)
{
	memset(out, 0, sizeof *out);
	out->app_id = app_id;
	out->set_by = out->reviewed_by = out->app_name = "";
	*found = false;
	sqlite3_stmt *s = db_prepare(st,
		"SELECT l.app_id, '', " LIMIT_COLS " FROM download_limits l WHERE l.app_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_limit(a, s, out);
		*found = true;
	}
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_dl_limits_list(struct store *st, struct arena *a, struct dl_limit **out, size_t *n,
			 struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st,
		"SELECT a.id, a.name, " LIMIT_COLS " FROM apps a"
		" LEFT JOIN download_limits l ON l.app_id = a.id"
		" WHERE a.live_revision > 0 ORDER BY a.id LIMIT 10000", e);
	if (s == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_limit(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_dl_limit_set(struct store *st, int64_t app_id, bool has_threshold, int64_t threshold,
		       int64_t hard_cap, const char *by, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO download_limits(app_id, threshold, hard_cap, set_by, set_at, reviewed_by,"
		" reviewed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?4, ?5)"
		" ON CONFLICT(app_id) DO UPDATE SET threshold = excluded.threshold,"
		" hard_cap = excluded.hard_cap, set_by = excluded.set_by, set_at = excluded.set_at,"
		" reviewed_by = excluded.reviewed_by, reviewed_at = excluded.reviewed_at", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	if (has_threshold)
		sqlite3_bind_int64(s, 2, threshold);
	else
		sqlite3_bind_null(s, 2);
	sqlite3_bind_int64(s, 3, hard_cap);
	db_bind_text(s, 4, by);
	sqlite3_bind_int64(s, 5, now);
	return db_step_done(st, s, e);
}

int store_dl_reviewed(struct store *st, int64_t app_id, const char *by, int64_t now,
		      struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO download_limits(app_id, threshold, hard_cap, set_by, set_at, reviewed_by,"
		" reviewed_at) VALUES (?1, NULL, 0, '', 0, ?2, ?3)"
		" ON CONFLICT(app_id) DO UPDATE SET reviewed_by = excluded.reviewed_by,"
		" reviewed_at = excluded.reviewed_at", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	db_bind_text(s, 2, by);
	sqlite3_bind_int64(s, 3, now);
	return db_step_done(st, s, e);
}

int store_dl_warning_add(struct store *st, const struct dl_warning *w, int64_t *id,
			 struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO download_warnings(at, request_id, user_id, app_id, action, count, prior,"
		" threshold, hard_cap, outcome, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, w->at);
	db_bind_text(s, 2, w->request_id);
	sqlite3_bind_int64(s, 3, w->user_id);
	sqlite3_bind_int64(s, 4, w->app_id);
	db_bind_text(s, 5, w->action);
	sqlite3_bind_int64(s, 6, w->count);
	sqlite3_bind_int64(s, 7, w->prior);
	sqlite3_bind_int64(s, 8, w->threshold);
	sqlite3_bind_int64(s, 9, w->hard_cap);
	db_bind_text(s, 10, w->outcome);
	db_bind_text(s, 11, w->reason ? w->reason : "");
	if (db_step_done(st, s, e) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_dl_warnings_list(struct store *st, struct arena *a, int limit, struct dl_warning **out,
			   size_t *n, struct err *e)
{
	*n = 0;
	*out = arena_alloc(a, (size_t)(limit > 0 ? limit : 1) * sizeof **out);
	sqlite3_stmt *s = db_prepare(st,
		"SELECT w.id, w.at, w.user_id, w.app_id, w.count, w.prior, w.threshold, w.hard_cap,"
		" w.request_id, w.action, w.outcome, w.reason, COALESCE(u.code, ''),"
		" COALESCE(u.name, ''), COALESCE(a.name, '')"
		" FROM download_warnings w LEFT JOIN users u ON u.id = w.user_id"
		" LEFT JOIN apps a ON a.id = w.app_id ORDER BY w.id DESC LIMIT ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, limit);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && (int)*n < limit) {
		struct dl_warning *w = &(*out)[(*n)++];
		w->id = sqlite3_column_int64(s, 0);
		w->at = sqlite3_column_int64(s, 1);
		w->user_id = sqlite3_column_int64(s, 2);
		w->app_id = sqlite3_column_int64(s, 3);
		w->count = sqlite3_column_int64(s, 4);
		w->prior = sqlite3_column_int64(s, 5);
		w->threshold = sqlite3_column_int64(s, 6);
		w->hard_cap = sqlite3_column_int64(s, 7);
		w->request_id = db_col_text(a, s, 8);
		w->action = db_col_text(a, s, 9);
		w->outcome = db_col_text(a, s, 10);
		w->reason = db_col_text(a, s, 11);
		w->user_code = db_col_text(a, s, 12);
		w->user_name = db_col_text(a, s, 13);
		w->app_name = db_col_text(a, s, 14);
	}
	db_done(s);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_dl_user_section(struct store *st, int64_t user_id, int64_t *section, struct err *e)
{
	*section = 0;
	sqlite3_stmt *s = db_prepare(st, "SELECT COALESCE(section_id, 0) FROM users WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*section = sqlite3_column_int64(s, 0);
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}
