/*
 * store/cursors: the cursor API's snapshots. Creating a cursor copies the ids of the
 * matching records, in order, into cursor_rows; pages are read from that list, so a
 * cursor sees a stable set even while records change.
 */
#include "store/misc.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <stdio.h>
#include <string.h>

int store_cursor_count(struct store *st, int64_t now, int64_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM cursors WHERE expires_at <= ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, "SELECT count(*) FROM cursors", e);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_cursor_create(struct store *st, struct cursor_row *c, const char *table,
			const char *where, const struct query_param *params, size_t n_params,
			const char *order_by, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "INSERT INTO cursors(id, app_id, user_id, fields, size,"
				     " total, expires_at) VALUES (?, ?, ?, ?, ?, 0, ?)", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, c->id);
	sqlite3_bind_int64(s, 2, c->app_id);
	sqlite3_bind_int64(s, 3, c->user_id);
	db_bind_text(s, 4, c->fields);
	sqlite3_bind_int64(s, 5, c->size);
	sqlite3_bind_int64(s, 6, c->expires_at);
	if (db_step_done(st, s, e) != 0)
		return -1;
	char *sql = sqlite3_mprintf(
		"INSERT INTO cursor_rows(cursor_id, seq, record_id)"
		" SELECT ?, row_number() OVER (ORDER BY %s), t.id FROM \"%w\" AS t%s%s",
		order_by, table, where ? " WHERE " : "", where ? where : "");
	s = db_prepare(st, sql, e);
	sqlite3_free(sql);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, c->id);
	for (size_t i = 0; i < n_params; i++) {
		int at = (int)i + 2;
		switch (params[i].kind) {
		case QP_TEXT: sqlite3_bind_text(s, at, params[i].text, -1, SQLITE_STATIC); break;
		case QP_INT: sqlite3_bind_int64(s, at, params[i].i); break;
		case QP_REAL: sqlite3_bind_double(s, at, params[i].d); break;
		}
	}
	if (db_step_done(st, s, e) != 0)
		return -1;
	c->total = sqlite3_changes(st->db);
	s = db_prepare(st, "UPDATE cursors SET total = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, c->total);
	db_bind_text(s, 2, c->id);
	return db_step_done(st, s, e);
}

int store_cursor_get(struct store *st, struct arena *a, const char *id, int64_t now,
		     struct cursor_row *c, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT id, app_id, user_id, fields, size, total, position,"
				     " expires_at FROM cursors WHERE id = ? AND expires_at > ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, id);
	sqlite3_bind_int64(s, 2, now);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		c->id = db_col_text(a, s, 0);
		c->app_id = sqlite3_column_int64(s, 1);
		c->user_id = sqlite3_column_int64(s, 2);
		c->fields = db_col_text(a, s, 3);
		c->size = sqlite3_column_int64(s, 4);
		c->total = sqlite3_column_int64(s, 5);
		c->position = sqlite3_column_int64(s, 6);
		c->expires_at = sqlite3_column_int64(s, 7);
	}
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_CURSOR_NOT_FOUND, "%.64s", id);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_cursor_next(struct store *st, struct arena *a, struct cursor_row *c, int64_t now,
		      int64_t expires_at, int64_t **ids, size_t *n, bool *more, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT record_id FROM cursor_rows WHERE cursor_id = ?"
				     " AND seq > ? ORDER BY seq LIMIT ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, c->id);
	sqlite3_bind_int64(s, 2, c->position);
	sqlite3_bind_int64(s, 3, c->size);
	*ids = arena_alloc(a, (size_t)c->size * sizeof **ids);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	db_done(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, e);
	c->position += (int64_t)*n;
	*more = c->position < c->total;
	(void)now;
	if (!*more)
		return store_cursor_delete(st, c->id, e);
	s = db_prepare(st, "UPDATE cursors SET position = ?, expires_at = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, c->position);
	sqlite3_bind_int64(s, 2, expires_at);
	db_bind_text(s, 3, c->id);
	return db_step_done(st, s, e);
}

int store_cursor_delete(struct store *st, const char *id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM cursors WHERE id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, id);
	return db_step_done(st, s, e);
}
