/* store/files: file metadata; the bytes live in the data directory by SHA-256. */
#include "store/misc.h"
#include "store/db_int.h"
#include "core/arena.h"

/* Names of class I attachments are sealed (store/sealing.h); dc_plain passes others through. */
#define FILE_COLS "key, sha256, dc_plain(name), content_type, size, uploader_id, coalesce(app_id, 0)," \
		  " coalesce(record_id, 0), field"

int store_file_upload(struct store *st, const struct file_row *f, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "INSERT OR IGNORE INTO blobs(sha256, size) VALUES (?, ?)", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, f->sha256);
	sqlite3_bind_int64(s, 2, f->size);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, "INSERT INTO files(key, sha256, name, content_type, size, uploader_id,"
			   " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, f->key);
	db_bind_text(s, 2, f->sha256);
	db_bind_text(s, 3, f->name);
	db_bind_text(s, 4, f->content_type);
	sqlite3_bind_int64(s, 5, f->size);
	sqlite3_bind_int64(s, 6, f->uploader_id);
	sqlite3_bind_int64(s, 7, now);
	return db_step_done(st, s, e);
}

int store_file_get(struct store *st, struct arena *a, const char *key, struct file_row *f,
		   struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " FILE_COLS " FROM files WHERE key = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, key);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		f->key = db_col_text(a, s, 0);
		f->sha256 = db_col_text(a, s, 1);
		f->name = db_col_text(a, s, 2);
		f->content_type = db_col_text(a, s, 3);
		f->size = sqlite3_column_int64(s, 4);
		f->uploader_id = sqlite3_column_int64(s, 5);
		f->app_id = sqlite3_column_int64(s, 6);
		f->record_id = sqlite3_column_int64(s, 7);
		f->field = db_col_text(a, s, 8);
	}
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_FILE_NOT_FOUND, "%s", key);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_file_attach(struct store *st, const struct file_row *up, const char *new_key,
		      int64_t app_id, int64_t record_id, const char *field, int64_t now,
		      struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO files(key, sha256, name, content_type, size, uploader_id, created_at,"
		" app_id, record_id, field) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, new_key);
	db_bind_text(s, 2, up->sha256);
	db_bind_text(s, 3, up->name);
	db_bind_text(s, 4, up->content_type);
	sqlite3_bind_int64(s, 5, up->size);
	sqlite3_bind_int64(s, 6, up->uploader_id);
	sqlite3_bind_int64(s, 7, now);
	sqlite3_bind_int64(s, 8, app_id);
	if (record_id > 0)
		sqlite3_bind_int64(s, 9, record_id);
	else
		sqlite3_bind_null(s, 9);
	db_bind_text(s, 10, field);
	return db_step_done(st, s, e);
}

int store_file_set_record(struct store *st, const char *key, int64_t record_id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "UPDATE files SET record_id = ? WHERE key = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, record_id);
	db_bind_text(s, 2, key);
	return db_step_done(st, s, e);
}

int store_file_prune(struct store *st, int64_t app_id, int64_t record_id, const char *field,
		     const char *keep_json, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"DELETE FROM files WHERE app_id = ? AND record_id = ? AND field = ?"
		" AND key NOT IN (SELECT value FROM json_each(?))", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, record_id);
	db_bind_text(s, 3, field);
	db_bind_text(s, 4, keep_json);
	return db_step_done(st, s, e);
}
