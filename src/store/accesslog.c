/*
 * store/accesslog: appending to the access log, and the journal's progress. The table
 * refuses UPDATE and DELETE by trigger (store/migrate.c); this file only ever inserts.
 */
#include "store/misc.h"
#include "store/db_int.h"

int store_log_append(struct store *st, const struct log_entry *l, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO access_log(at, user_id, user_code, auth, token_id, app_id, action,"
		" record_ids, result, status, code, client, request_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, l->at);
	if (l->user_id > 0)
		sqlite3_bind_int64(s, 2, l->user_id);
	db_bind_text(s, 3, l->user_code ? l->user_code : "");
	db_bind_text(s, 4, l->auth);
	if (l->token_id > 0)
		sqlite3_bind_int64(s, 5, l->token_id);
	if (l->app_id > 0)
		sqlite3_bind_int64(s, 6, l->app_id);
	db_bind_text(s, 7, l->action);
	db_bind_text(s, 8, l->record_ids ? l->record_ids : "[]");
	db_bind_text(s, 9, l->result);
	sqlite3_bind_int(s, 10, l->status);
	db_bind_text(s, 11, l->code ? l->code : "");
	db_bind_text(s, 12, l->client ? l->client : "");
	db_bind_text(s, 13, l->request_id ? l->request_id : "");
	return db_step_done(st, s, e);
}

int store_journal_offset(struct store *st, int64_t *off, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT offset FROM journal_state WHERE id = 1", e);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	*off = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_journal_offset_set(struct store *st, int64_t off, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "UPDATE journal_state SET offset = ? WHERE id = 1", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, off);
	return db_step_done(st, s, e);
}
