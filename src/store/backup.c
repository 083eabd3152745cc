/* store/backup: online copies, snapshot checks and the record of runs (see backup.h). */
#include "store/backup.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <stdio.h>
#include <string.h>

int store_backup_copy(struct store *st, const char *path, struct err *e)
{
	sqlite3 *dest = NULL;
	if (sqlite3_open_v2(path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		sqlite3_close(dest);
		return err_set(e, E_STORAGE, NULL);
	}
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", st->db, "main");
	int rc = SQLITE_ERROR;
	if (b != NULL) {
		/* One step copies every page under one read transaction: a consistent snapshot
		 * that writers (WAL) do not wait for. */
		rc = sqlite3_backup_step(b, -1);
		sqlite3_backup_finish(b);
	}
	if (rc == SQLITE_DONE)
		rc = sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);
	else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		rc = -2;
	sqlite3_close(dest);
	if (rc == -2)
		return err_set(e, E_BUSY, NULL);
	return rc == SQLITE_OK ? 0 : err_set(e, E_STORAGE, NULL);
}

/* One integer from a query over db (0 when it fails). */
static int64_t one_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *s;
	int64_t v = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &s, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_step(s) == SQLITE_ROW)
		v = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return v;
}

/* Records in every app's table (each app has its own table app_<id>). */
static int64_t count_records(sqlite3 *db)
{
	sqlite3_stmt *s;
	int64_t total = 0;
	if (sqlite3_prepare_v2(db, "SELECT id FROM apps", -1, &s, NULL) != SQLITE_OK)
		return 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		char sql[96];
		/* The table name comes from an integer id, never from text. */
		snprintf(sql, sizeof sql, "SELECT count(*) FROM \"app_%lld\"",
			 (long long)sqlite3_column_int64(s, 0));
		total += one_int(db, sql);
	}
	sqlite3_finalize(s);
	return total;
}

int store_snapshot_stats(const char *path, struct snapshot_stats *out, struct err *e)
{
	sqlite3 *db = NULL;
	memset(out, 0, sizeof *out);
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return err_set(e, E_STORAGE, NULL);
	}
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &s, NULL) != SQLITE_OK) {
		sqlite3_close(db);
		return err_set(e, E_STORAGE, NULL);
	}
	if (sqlite3_step(s) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(s, 0);
		out->intact = v != NULL && strcmp(v, "ok") == 0;
		if (!out->intact)
			snprintf(out->problem, sizeof out->problem, "%s", v ? v : "unreadable");
	}
	sqlite3_finalize(s);
	out->schema = (int)one_int(db, "PRAGMA user_version");
	out->users = one_int(db, "SELECT count(*) FROM users");
	out->apps = one_int(db, "SELECT count(*) FROM apps");
	out->records = count_records(db);
	out->blobs = one_int(db, "SELECT count(*) FROM blobs");
	out->log_entries = one_int(db, "SELECT count(*) FROM access_log");
	if (sqlite3_prepare_v2(db, "SELECT hash FROM access_log ORDER BY id DESC LIMIT 1", -1, &s,
			       NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_text(s, 0) != NULL)
			snprintf(out->log_head, sizeof out->log_head, "%s", sqlite3_column_text(s, 0));
		sqlite3_finalize(s);
	}
	sqlite3_close(db);
	return 0;
}

int store_backup_run_add(struct store *st, struct backup_run *r, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO backup_runs(kind, name, by, started_at, finished_at, ok, detail)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, r->kind);
	db_bind_text(s, 2, r->name);
	db_bind_text(s, 3, r->by);
	sqlite3_bind_int64(s, 4, r->started_at);
	sqlite3_bind_int64(s, 5, r->finished_at);
	sqlite3_bind_int(s, 6, r->ok);
	db_bind_text(s, 7, r->detail ? r->detail : "{}");
	if (db_step_done(st, s, e) != 0)
		return -1;
	r->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_backup_runs(struct store *st, struct arena *a, int limit, struct backup_run **out,
		      size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT id, kind, name, by, started_at, finished_at, ok, detail FROM backup_runs"
		" ORDER BY id DESC LIMIT ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, limit);
	size_t cap = 0;
	int rc;
	*n = 0;
	*out = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct backup_run *r = &(*out)[(*n)++];
		r->id = sqlite3_column_int64(s, 0);
		r->kind = db_col_text(a, s, 1);
		r->name = db_col_text(a, s, 2);
		r->by = db_col_text(a, s, 3);
		r->started_at = sqlite3_column_int64(s, 4);
		r->finished_at = sqlite3_column_int64(s, 5);
		r->ok = sqlite3_column_int(s, 6) != 0;
		r->detail = db_col_text(a, s, 7);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_backup_last_ok(struct store *st, int64_t *at, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT COALESCE(MAX(started_at), 0) FROM backup_runs WHERE kind = 'backup' AND ok = 1", e);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	*at = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}
