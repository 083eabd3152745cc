/* store/org: organisation units, sections of users, what a person owns (see org.h). */
#include "store/org.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <string.h>

#define UNIT_SELECT \
	"SELECT o.id, COALESCE(o.parent_id, 0), COALESCE(o.head_id, 0), o.position, o.kind," \
	" o.code, o.name, COALESCE(p.code, ''), COALESCE(h.code, '')," \
	" COALESCE((SELECT group_concat(code, ',') FROM (SELECT u.code FROM org_protection_managers m" \
	"   JOIN users u ON u.id = m.user_id WHERE m.unit_id = o.id ORDER BY u.code)), '')," \
	" (SELECT count(*) FROM users u WHERE u.section_id = o.id)," \
	" (SELECT count(*) FROM org_units c WHERE c.parent_id = o.id)" \
	" FROM org_units o LEFT JOIN org_units p ON p.id = o.parent_id" \
	" LEFT JOIN users h ON h.id = o.head_id"

static void read_unit(struct arena *a, sqlite3_stmt *s, struct org_unit *u)
{
	u->id = sqlite3_column_int64(s, 0);
	u->parent_id = sqlite3_column_int64(s, 1);
	u->head_id = sqlite3_column_int64(s, 2);
	u->position = sqlite3_column_int64(s, 3);
	u->kind = db_col_text(a, s, 4);
	u->code = db_col_text(a, s, 5);
	u->name = db_col_text(a, s, 6);
	u->parent_code = db_col_text(a, s, 7);
	u->head_code = db_col_text(a, s, 8);
	u->managers = db_col_text(a, s, 9);
	u->members = sqlite3_column_int64(s, 10);
	u->children = sqlite3_column_int64(s, 11);
}

int store_org_list(struct store *st, struct arena *a, struct org_unit **out, size_t *n,
		   struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st, UNIT_SELECT
		" ORDER BY COALESCE(p.position, o.position), COALESCE(p.code, o.code),"
		" o.parent_id IS NOT NULL, o.position, o.code", e);
	if (s == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_unit(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_org_by_code(struct store *st, struct arena *a, const char *code, struct org_unit *u,
		      int64_t *id, struct err *e)
{
	*id = 0;
	sqlite3_stmt *s = db_prepare(st, UNIT_SELECT " WHERE o.code = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, code);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_unit(a, s, u);
		*id = u->id;
	}
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_org_section_count(struct store *st, int64_t *n, struct err *e)
{
	*n = 0;
	sqlite3_stmt *s = db_prepare(st, "SELECT count(*) FROM org_units WHERE kind = 'section'", e);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

static void bind_opt(sqlite3_stmt *s, int i, int64_t v)
{
	if (v > 0)
		sqlite3_bind_int64(s, i, v);
	else
		sqlite3_bind_null(s, i);
}

int store_org_save(struct store *st, struct org_unit *u, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, u->id == 0
		? "INSERT INTO org_units(kind, code, name, parent_id, head_id, position, created_at,"
		  " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?7)"
		: "UPDATE org_units SET kind = ?, code = ?, name = ?, parent_id = ?, head_id = ?,"
		  " position = ?, updated_at = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, u->kind);
	db_bind_text(s, 2, u->code);
	db_bind_text(s, 3, u->name);
	bind_opt(s, 4, u->parent_id);
	bind_opt(s, 5, u->head_id);
	sqlite3_bind_int64(s, 6, u->position);
	sqlite3_bind_int64(s, 7, now);
	if (u->id != 0)
		sqlite3_bind_int64(s, 8, u->id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if (u->id == 0)
		u->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_org_set_managers(struct store *st, int64_t unit_id, const int64_t *users, size_t n,
			   struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM org_protection_managers WHERE unit_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, unit_id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		s = db_prepare(st, "INSERT OR IGNORE INTO org_protection_managers(unit_id, user_id)"
				   " VALUES (?, ?)", e);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, unit_id);
		sqlite3_bind_int64(s, 2, users[i]);
		if (db_step_done(st, s, e) != 0)
			return -1;
	}
	return 0;
}

int store_org_delete(struct store *st, int64_t id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM org_units WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return db_step_done(st, s, e);
}

int store_org_clear_heads(struct store *st, int64_t user_id, int64_t keep_a, int64_t keep_b,
			  struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE org_units SET head_id = NULL WHERE head_id = ? AND id NOT IN (?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, keep_a);
	sqlite3_bind_int64(s, 3, keep_b);
	return db_step_done(st, s, e);
}

int store_org_drop_managers(struct store *st, int64_t user_id, int64_t keep, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"DELETE FROM org_protection_managers WHERE user_id = ? AND unit_id <> ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, keep);
	return db_step_done(st, s, e);
}

int store_org_set_section(struct store *st, int64_t user_id, int64_t section_id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE users SET section_id = ?, updated_at = strftime('%s','now') WHERE id = ?", e);
	if (s == NULL)
		return -1;
	bind_opt(s, 1, section_id);
	sqlite3_bind_int64(s, 2, user_id);
	return db_step_done(st, s, e);
}

int store_org_owned(struct store *st, struct arena *a, int64_t user_id, struct org_owned **out,
		    size_t *n, struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st,
		"SELECT 'app', id, name FROM apps WHERE creator_id = ?1"
		" UNION ALL SELECT 'token', t.id, 'app ' || t.app_id || ': ' || t.description"
		"   FROM api_tokens t WHERE t.owner_id = ?1 AND t.revoked_at = 0"
		" UNION ALL SELECT 'head', id, code || ' ' || name FROM org_units WHERE head_id = ?1"
		" UNION ALL SELECT 'protection', o.id, o.code || ' ' || o.name"
		"   FROM org_protection_managers m JOIN org_units o ON o.id = m.unit_id"
		"   WHERE m.user_id = ?1"
		" UNION ALL SELECT 'inbox', id, subject FROM inbox WHERE user_id = ?1 AND done_at = 0"
		" LIMIT 1000", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct org_owned *o = &(*out)[(*n)++];
		o->kind = db_col_text(a, s, 0);
		o->id = sqlite3_column_int64(s, 1);
		o->label = db_col_text(a, s, 2);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}
