/* store/users: accounts and browser sessions in SQLite (see users.h). */
#include "store/users.h"
#include "store/db_int.h"
#include "rules/roles.h"
#include "core/arena.h"

#include <stdio.h>
#include <string.h>

#define USER_COLS "id, code, name, email, password_hash, is_admin, active, can_create_apps," \
		  " failed_logins, last_failed_at, locked_until, password_changed_at, created_at, roles," \
		  " section_id, suspended_reason, suspended_by, suspended_at, totp_secret, totp_pending," \
		  " totp_step"

static void read_user(struct arena *a, sqlite3_stmt *s, struct user *u)
{
	u->id = sqlite3_column_int64(s, 0);
	u->code = db_col_text(a, s, 1);
	u->name = db_col_text(a, s, 2);
	u->email = db_col_text(a, s, 3);
	u->password_hash = db_col_text(a, s, 4);
	u->admin = sqlite3_column_int(s, 5) != 0;
	u->active = sqlite3_column_int(s, 6) != 0;
	u->can_create_apps = sqlite3_column_int(s, 7) != 0;
	u->failed_logins = sqlite3_column_int(s, 8);
	u->last_failed_at = sqlite3_column_int64(s, 9);
	u->locked_until = sqlite3_column_int64(s, 10);
	u->password_changed_at = sqlite3_column_int64(s, 11);
	u->created_at = sqlite3_column_int64(s, 12);
	u->roles = (unsigned)sqlite3_column_int(s, 13);
	u->section_id = sqlite3_column_int64(s, 14);
	u->suspended_reason = db_col_text(a, s, 15);
	u->suspended_by = db_col_text(a, s, 16);
	u->suspended_at = sqlite3_column_int64(s, 17);
	u->totp_secret = db_col_text(a, s, 18);
	u->totp_pending = db_col_text(a, s, 19);
	u->totp_step = sqlite3_column_int64(s, 20);
	u->admin = (u->roles & ROLE_SYSTEM_ADMIN) != 0;
}

static int one_user(struct store *st, struct arena *a, sqlite3_stmt *s, const char *what,
		    struct user *u, struct err *e)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_user(a, s, u);
		db_done(s);
		return 0;
	}
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_USER_NOT_FOUND, "%s", what);
	return db_fail(st, rc, e);
}

int store_user_by_code(struct store *st, struct arena *a, const char *code, struct user *u,
		       struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " USER_COLS " FROM users WHERE code = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, code);
	return one_user(st, a, s, code, u, e);
}

int store_user_by_id(struct store *st, struct arena *a, int64_t id, struct user *u, struct err *e)
{
	char what[24];
	sqlite3_stmt *s = db_prepare(st, "SELECT " USER_COLS " FROM users WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	snprintf(what, sizeof what, "#%lld", (long long)id);
	return one_user(st, a, s, what, u, e);
}

bool store_user_exists(struct store *st, const char *code)
{
	struct err e;
	err_init(&e, NULL);
	sqlite3_stmt *s = db_prepare(st, "SELECT 1 FROM users WHERE code = ? AND active = 1", &e);
	if (s == NULL)
		return false;
	db_bind_text(s, 1, code);
	bool found = sqlite3_step(s) == SQLITE_ROW;
	db_done(s);
	return found;
}

const char *store_user_name(struct store *st, struct arena *a, const char *code)
{
	struct err e;
	err_init(&e, NULL);
	sqlite3_stmt *s = db_prepare(st, "SELECT name FROM users WHERE code = ?", &e);
	if (s == NULL)
		return NULL;
	db_bind_text(s, 1, code);
	const char *name = sqlite3_step(s) == SQLITE_ROW ? db_col_text(a, s, 0) : NULL;
	db_done(s);
	return name;
}

int store_user_insert(struct store *st, struct user *u, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO users(code, name, email, password_hash, is_admin, active,"
		" can_create_apps, password_changed_at, created_at, updated_at, roles, section_id)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, u->code);
	db_bind_text(s, 2, u->name);
	db_bind_text(s, 3, u->email ? u->email : "");
	db_bind_text(s, 4, u->password_hash);
	sqlite3_bind_int(s, 5, (u->roles & ROLE_SYSTEM_ADMIN) != 0);
	sqlite3_bind_int(s, 6, u->active);
	sqlite3_bind_int(s, 7, u->can_create_apps);
	sqlite3_bind_int64(s, 8, u->password_changed_at);
	sqlite3_bind_int64(s, 9, u->created_at);
	sqlite3_bind_int64(s, 10, u->created_at);
	sqlite3_bind_int(s, 11, (int)u->roles);
	if (u->section_id > 0)
		sqlite3_bind_int64(s, 12, u->section_id);
	else
		sqlite3_bind_null(s, 12);
	int rc = sqlite3_step(s);
	db_done(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return err_field(e, "code", FM_DUPLICATE, u->code);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, e);
	u->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_user_update(struct store *st, const struct user *u, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE users SET name = ?, email = ?, is_admin = ?, active = ?, can_create_apps = ?,"
		" roles = ?, section_id = ?, updated_at = strftime('%s','now') WHERE id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, u->name);
	db_bind_text(s, 2, u->email ? u->email : "");
	sqlite3_bind_int(s, 3, (u->roles & ROLE_SYSTEM_ADMIN) != 0);
	sqlite3_bind_int(s, 4, u->active);
	sqlite3_bind_int(s, 5, u->can_create_apps);
	sqlite3_bind_int(s, 6, (int)u->roles);
	if (u->section_id > 0)
		sqlite3_bind_int64(s, 7, u->section_id);
	else
		sqlite3_bind_null(s, 7);
	sqlite3_bind_int64(s, 8, u->id);
	return db_step_done(st, s, e);
}

int store_user_set_password(struct store *st, int64_t id, const char *hash, int64_t now,
			    struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE users SET password_hash = ?, password_changed_at = ?, failed_logins = 0,"
		" locked_until = 0, updated_at = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, hash);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, now);
	sqlite3_bind_int64(s, 4, id);
	return db_step_done(st, s, e);
}

int store_user_set_active(struct store *st, int64_t id, bool active, const char *reason,
			  const char *by, int64_t now, struct err *e)
{
	/* Resuming keeps the last suspension's reason, who and when for the record. */
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE users SET active = ?1, updated_at = ?2,"
		" failed_logins = CASE WHEN ?1 THEN 0 ELSE failed_logins END,"
		" locked_until = CASE WHEN ?1 THEN 0 ELSE locked_until END,"
		" suspended_at = CASE WHEN ?1 THEN suspended_at ELSE ?2 END,"
		" suspended_reason = CASE WHEN ?1 THEN suspended_reason ELSE ?3 END,"
		" suspended_by = CASE WHEN ?1 THEN suspended_by ELSE ?4 END WHERE id = ?5", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, active);
	sqlite3_bind_int64(s, 2, now);
	db_bind_text(s, 3, reason ? reason : "");
	db_bind_text(s, 4, by ? by : "");
	sqlite3_bind_int64(s, 5, id);
	return db_step_done(st, s, e);
}

int store_password_history_add(struct store *st, int64_t id, const char *hash, int64_t now,
			       int keep, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO password_history(user_id, password_hash, created_at) VALUES (?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	db_bind_text(s, 2, hash);
	sqlite3_bind_int64(s, 3, now);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st,
		"DELETE FROM password_history WHERE user_id = ?1 AND id NOT IN"
		" (SELECT id FROM password_history WHERE user_id = ?1 ORDER BY id DESC LIMIT ?2)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, keep);
	return db_step_done(st, s, e);
}

int store_password_history(struct store *st, struct arena *a, int64_t id, int max,
			   const char ***out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT password_hash FROM password_history WHERE user_id = ? ORDER BY id DESC LIMIT ?",
		e);
	*n = 0;
	*out = NULL;
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, max);
	size_t cap = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = db_col_text(a, s, 0);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_user_totp(struct store *st, int64_t id, const char *secret, const char *pending,
		    int64_t step, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE users SET totp_secret = ?, totp_pending = ?, totp_step = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, secret);
	db_bind_text(s, 2, pending);
	sqlite3_bind_int64(s, 3, step);
	sqlite3_bind_int64(s, 4, id);
	return db_step_done(st, s, e);
}

int store_user_login_result(struct store *st, int64_t id, int failed_logins,
			    int64_t last_failed_at, int64_t locked_until, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE users SET failed_logins = ?, last_failed_at = ?, locked_until = ? WHERE id = ?",
		e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, failed_logins);
	sqlite3_bind_int64(s, 2, last_failed_at);
	sqlite3_bind_int64(s, 3, locked_until);
	sqlite3_bind_int64(s, 4, id);
	return db_step_done(st, s, e);
}

int store_user_list(struct store *st, struct arena *a, int64_t offset, int64_t limit,
		    struct user **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT " USER_COLS " FROM users ORDER BY code LIMIT ? OFFSET ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, limit);
	sqlite3_bind_int64(s, 2, offset);
	size_t cap = 0;
	*n = 0;
	*out = NULL;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_user(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_user_count(struct store *st, int64_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT count(*) FROM users", e);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	*n = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_session_insert(struct store *st, const unsigned char *hash, size_t hash_len,
			 const struct session *ss, const char *client, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO sessions(token_hash, user_id, csrf, created_at, last_seen, expires_at, client,"
		" totp_pending) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, hash, (int)hash_len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, ss->user_id);
	db_bind_text(s, 3, ss->csrf);
	sqlite3_bind_int64(s, 4, ss->created_at);
	sqlite3_bind_int64(s, 5, ss->last_seen);
	sqlite3_bind_int64(s, 6, ss->expires_at);
	db_bind_text(s, 7, client ? client : "");
	sqlite3_bind_int(s, 8, ss->totp_pending);
	return db_step_done(st, s, e);
}

int store_session_get(struct store *st, struct arena *a, const unsigned char *hash,
		      size_t hash_len, int64_t now, struct session *ss, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT id, user_id, csrf, created_at, last_seen, expires_at, suspended, totp_pending"
		" FROM sessions"
		" WHERE token_hash = ? AND expires_at > ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, hash, (int)hash_len, SQLITE_TRANSIENT);
	sqlite3_bind_int64(s, 2, now);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		ss->id = sqlite3_column_int64(s, 0);
		ss->user_id = sqlite3_column_int64(s, 1);
		ss->csrf = db_col_text(a, s, 2);
		ss->created_at = sqlite3_column_int64(s, 3);
		ss->last_seen = sqlite3_column_int64(s, 4);
		ss->expires_at = sqlite3_column_int64(s, 5);
		ss->suspended = sqlite3_column_int(s, 6) != 0;
		ss->totp_pending = sqlite3_column_int(s, 7) != 0;
	}
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_NO_AUTH, NULL);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_session_touch(struct store *st, int64_t id, int64_t now, int64_t expires_at,
			struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE sessions SET last_seen = ?, expires_at = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, expires_at);
	sqlite3_bind_int64(s, 3, id);
	return db_step_done(st, s, e);
}

int store_session_delete(struct store *st, int64_t id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM sessions WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return db_step_done(st, s, e);
}

int store_session_delete_user(struct store *st, int64_t user_id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM sessions WHERE user_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	return db_step_done(st, s, e);
}

int store_session_totp_done(struct store *st, int64_t id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "UPDATE sessions SET totp_pending = 0 WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return db_step_done(st, s, e);
}

int store_session_suspend_user(struct store *st, int64_t user_id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "UPDATE sessions SET suspended = 1 WHERE user_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	return db_step_done(st, s, e);
}

int store_session_purge(struct store *st, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM sessions WHERE expires_at <= ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	return db_step_done(st, s, e);
}
