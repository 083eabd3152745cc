/* store/tokens: API tokens in SQLite (see tokens.h). */
#include "store/tokens.h"
#include "store/db_int.h"
#include "core/arena.h"

#define TOKEN_COLS "t.id, t.app_id, t.hint, t.owner_id, u.code, u.name, u.active, t.rights," \
		   " t.description, t.created_at, t.revoked_at, t.last_used_at, u.roles, t.state," \
		   " t.created_by, COALESCE(c.code, ''), t.expires_at, COALESCE(v.code, '')," \
		   " t.reviewed_at, t.review_comment"
#define TOKEN_FROM " FROM api_tokens t JOIN users u ON u.id = t.owner_id" \
		   " LEFT JOIN users c ON c.id = t.created_by LEFT JOIN users v ON v.id = t.reviewed_by"

static void read_token(struct arena *a, sqlite3_stmt *s, struct api_token *t)
{
	t->id = sqlite3_column_int64(s, 0);
	t->app_id = sqlite3_column_int64(s, 1);
	t->hint = db_col_text(a, s, 2);
	t->owner_id = sqlite3_column_int64(s, 3);
	t->owner_code = db_col_text(a, s, 4);
	t->owner_name = db_col_text(a, s, 5);
	t->owner_active = sqlite3_column_int(s, 6) != 0;
	t->rights = (unsigned)sqlite3_column_int(s, 7);
	t->description = db_col_text(a, s, 8);
	t->created_at = sqlite3_column_int64(s, 9);
	t->revoked_at = sqlite3_column_int64(s, 10);
	t->last_used_at = sqlite3_column_int64(s, 11);
	t->owner_roles = (unsigned)sqlite3_column_int(s, 12);
	t->state = db_col_text(a, s, 13);
	t->created_by = sqlite3_column_int64(s, 14);
	t->created_by_code = db_col_text(a, s, 15);
	t->expires_at = sqlite3_column_int64(s, 16);
	t->reviewed_by_code = db_col_text(a, s, 17);
	t->reviewed_at = sqlite3_column_int64(s, 18);
	t->review_comment = db_col_text(a, s, 19);
}

int store_token_by_hash(struct store *st, struct arena *a, const unsigned char *hash,
			struct api_token *t, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " TOKEN_COLS TOKEN_FROM
				     " WHERE t.token_hash = ? AND t.revoked_at = 0", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, hash, 32, SQLITE_TRANSIENT);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_token(a, s, t);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_BAD_TOKEN, NULL);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_token_insert(struct store *st, const unsigned char *hash, struct api_token *t,
		       struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO api_tokens(app_id, token_hash, hint, owner_id, rights, description,"
		" created_at, state, created_by, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, t->app_id);
	sqlite3_bind_blob(s, 2, hash, 32, SQLITE_TRANSIENT);
	db_bind_text(s, 3, t->hint);
	sqlite3_bind_int64(s, 4, t->owner_id);
	sqlite3_bind_int(s, 5, (int)t->rights);
	db_bind_text(s, 6, t->description ? t->description : "");
	sqlite3_bind_int64(s, 7, t->created_at);
	db_bind_text(s, 8, t->state ? t->state : "active");
	if (t->created_by > 0)
		sqlite3_bind_int64(s, 9, t->created_by);
	sqlite3_bind_int64(s, 10, t->expires_at);
	int rc = db_step_done(st, s, e);
	if (rc == 0)
		t->id = sqlite3_last_insert_rowid(st->db);
	return rc;
}

int store_token_list(struct store *st, struct arena *a, int64_t app_id, struct api_token **out,
		     size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " TOKEN_COLS TOKEN_FROM
				     " WHERE ?1 = 0 OR t.app_id = ?1 ORDER BY t.id DESC", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	size_t cap = 0;
	*n = 0;
	*out = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_token(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_token_get(struct store *st, struct arena *a, int64_t id, struct api_token *t,
		    struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " TOKEN_COLS TOKEN_FROM " WHERE t.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_token(a, s, t);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_field(e, "id", FM_INVALID, NULL);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_token_review(struct store *st, int64_t id, bool approve, int64_t by, const char *comment,
		       int64_t now, struct err *e)
{
	return db_review(st,
		"UPDATE api_tokens SET state = ?, reviewed_by = ?, reviewed_at = ?, review_comment = ?"
		" WHERE id = ? AND state = 'pending' AND revoked_at = 0", id, approve ? "active" : "refused", by, comment, now, e);
}

int store_token_revoke(struct store *st, int64_t id, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at = 0", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return err_field(e, "id", FM_INVALID, NULL);
	return 0;
}

int store_token_revoke_owner(struct store *st, int64_t owner_id, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE api_tokens SET revoked_at = ? WHERE owner_id = ? AND revoked_at = 0", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, owner_id);
	return db_step_done(st, s, e);
}

int store_token_used(struct store *st, int64_t id, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND last_used_at < ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, now - 60);
	return db_step_done(st, s, e);
}
