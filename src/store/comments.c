/* store/comments: record comments in SQLite (see misc.h). */
#include "store/misc.h"
#include "store/db_int.h"
#include "core/arena.h"
#include "store/sealing.h"

#include <stdlib.h>
#include <string.h>

int store_comment_add(struct store *st, int64_t app_id, int64_t record_id, const char *text,
		      const char *creator, const char *created_at, const char *mentions,
		      int64_t *id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO comments(app_id, record_id, id, text, creator, created_at, mentions)"
		" VALUES (?1, ?2, max((SELECT coalesce(max(id), 0) FROM comments"
		"  WHERE app_id = ?1 AND record_id = ?2), (SELECT coalesce(max(comment_id), 0)"
		"  FROM comment_history WHERE app_id = ?1 AND record_id = ?2)) + 1, ?3, ?4, ?5, ?6)"
		" RETURNING id", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, record_id);
	/* Comments of class I records are sealed with the record's key (store/sealing.h). */
	bool sealed = false;
	if (store_app_sealed(st, app_id, &sealed, e) != 0) {
		db_done(s);
		return -1;
	}
	if (sealed && text != NULL && db_seal_worth(text, strlen(text))) {
		unsigned char *c;
		size_t cn;
		if (db_seal(st, app_id, record_id, text, strlen(text), &c, &cn, e) != 0) {
			db_done(s);
			return -1;
		}
		sqlite3_bind_blob(s, 3, c, (int)cn, free);
	} else {
		db_bind_text(s, 3, text);
	}
	db_bind_text(s, 4, creator);
	db_bind_text(s, 5, created_at);
	db_bind_text(s, 6, mentions);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

static void read_comment(struct arena *a, sqlite3_stmt *s, struct comment_row *c)
{
	c->id = sqlite3_column_int64(s, 0);
	c->text = db_col_text(a, s, 1);
	c->creator = db_col_text(a, s, 2);
	c->creator_name = db_col_text(a, s, 3);
	c->created_at = db_col_text(a, s, 4);
	c->mentions = db_col_text(a, s, 5);
}

#define COMMENT_COLS "c.id, coalesce(dc_plain(c.text), ''), c.creator, coalesce(u.name, c.creator), c.created_at," \
		     " c.mentions FROM comments c LEFT JOIN users u ON u.code = c.creator"

int store_comment_list(struct store *st, struct arena *a, int64_t app_id, int64_t record_id,
		       bool asc, int64_t offset, int64_t limit, struct comment_row **out,
		       size_t *n, int64_t *total, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, asc
		? "SELECT " COMMENT_COLS " WHERE c.app_id = ? AND c.record_id = ? ORDER BY c.id ASC"
		  " LIMIT ? OFFSET ?"
		: "SELECT " COMMENT_COLS " WHERE c.app_id = ? AND c.record_id = ? ORDER BY c.id DESC"
		  " LIMIT ? OFFSET ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, record_id);
	sqlite3_bind_int64(s, 3, limit);
	sqlite3_bind_int64(s, 4, offset);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_comment(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, e);
	s = db_prepare(st, "SELECT count(*) FROM comments WHERE app_id = ? AND record_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, record_id);
	rc = sqlite3_step(s);
	*total = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_comment_get(struct store *st, struct arena *a, int64_t app_id, int64_t record_id,
		      int64_t id, struct comment_row *c, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " COMMENT_COLS
				     " WHERE c.app_id = ? AND c.record_id = ? AND c.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, record_id);
	sqlite3_bind_int64(s, 3, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_comment(a, s, c);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_COMMENT_NOT_FOUND, "%lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_comment_delete(struct store *st, int64_t app_id, int64_t record_id, int64_t id,
			 struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM comments WHERE app_id = ? AND record_id = ?"
				     " AND id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, record_id);
	sqlite3_bind_int64(s, 3, id);
	return db_step_done(st, s, e);
}
