/*
 * store/disposals: the disposal register (廃棄記録): one row per crypto-erase of a record
 * or of a whole app, written in the transaction that deletes or closes it (see sealing.h).
 * Rows are never changed or removed: triggers refuse UPDATE and DELETE.
 */
#include "store/sealing.h"
#include "store/db_int.h"
#include "core/arena.h"

int store_disposal_add(struct store *st, const char *what, int64_t app_id, int64_t record_id,
		       int64_t records, const char *who, int64_t at, struct err *e)
{
	sqlite3_stmt *q = db_prepare(st,
		"INSERT INTO disposals(what, app_id, record_id, records, who, at, method)"
		" VALUES (?, ?, ?, ?, ?, ?, 'crypto-erase')", e);
	if (q == NULL)
		return -1;
	db_bind_text(q, 1, what);
	sqlite3_bind_int64(q, 2, app_id);
	if (record_id > 0)
		sqlite3_bind_int64(q, 3, record_id);
	else
		sqlite3_bind_null(q, 3);
	sqlite3_bind_int64(q, 4, records);
	db_bind_text(q, 5, who ? who : "");
	sqlite3_bind_int64(q, 6, at);
	return db_step_done(st, q, e);
}

int store_disposals_list(struct store *st, struct arena *a, int64_t before, int64_t limit,
			 struct disposal_row **out, size_t *n, struct err *e)
{
	sqlite3_stmt *q = db_prepare(st,
		"SELECT d.id, d.what, d.app_id, coalesce(p.name, ''), coalesce(d.record_id, 0),"
		" d.records, d.who, d.at, d.method FROM disposals d LEFT JOIN apps p ON p.id = d.app_id"
		" WHERE (?1 <= 0 OR d.id < ?1) ORDER BY d.id DESC LIMIT ?2", e);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, before);
	sqlite3_bind_int64(q, 2, limit);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct disposal_row *d = &(*out)[(*n)++];
		d->id = sqlite3_column_int64(q, 0);
		d->what = db_col_text(a, q, 1);
		d->app_id = sqlite3_column_int64(q, 2);
		d->app_name = db_col_text(a, q, 3);
		d->record_id = sqlite3_column_int64(q, 4);
		d->records = sqlite3_column_int64(q, 5);
		d->who = db_col_text(a, q, 6);
		d->at = sqlite3_column_int64(q, 7);
		d->method = db_col_text(a, q, 8);
	}
	db_done(q);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}
