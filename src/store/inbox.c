/* store/inbox: the inbox table and the organisation lookups that route to it (see inbox.h). */
#include "store/inbox.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <string.h>

int store_inbox_add(struct store *st, int64_t user_id, const char *kind, int64_t ref_id,
		    const char *subject, const char *detail, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO inbox(user_id, kind, ref_id, subject, detail, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	db_bind_text(s, 2, kind);
	sqlite3_bind_int64(s, 3, ref_id);
	db_bind_text(s, 4, subject);
	db_bind_text(s, 5, detail ? detail : "{}");
	sqlite3_bind_int64(s, 6, now);
	return db_step_done(st, s, e);
}

int store_inbox_done_ref(struct store *st, const char *kind, int64_t ref_id, int64_t now,
			 struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE inbox SET done_at = ? WHERE kind = ? AND ref_id = ? AND done_at = 0", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	db_bind_text(s, 2, kind);
	sqlite3_bind_int64(s, 3, ref_id);
	return db_step_done(st, s, e);
}

int store_inbox_done(struct store *st, int64_t user_id, int64_t id, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE inbox SET done_at = ? WHERE id = ? AND user_id = ? AND done_at = 0", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, user_id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return err_field(e, "id", FM_INVALID, NULL);
	return 0;
}

int store_inbox_list(struct store *st, struct arena *a, int64_t user_id, bool all,
		     struct inbox_item **out, size_t *n, struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st,
		"SELECT id, user_id, ref_id, created_at, done_at, kind, subject, detail FROM inbox"
		" WHERE user_id = ? AND (? OR done_at = 0) ORDER BY id DESC LIMIT 500", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int(s, 2, all);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct inbox_item *it = &(*out)[(*n)++];
		it->id = sqlite3_column_int64(s, 0);
		it->user_id = sqlite3_column_int64(s, 1);
		it->ref_id = sqlite3_column_int64(s, 2);
		it->created_at = sqlite3_column_int64(s, 3);
		it->done_at = sqlite3_column_int64(s, 4);
		it->kind = db_col_text(a, s, 5);
		it->subject = db_col_text(a, s, 6);
		it->detail = db_col_text(a, s, 7);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_org_heads_of(struct store *st, int64_t user_id, int64_t *section_head,
		       int64_t *department_head, struct err *e)
{
	*section_head = *department_head = 0;
	sqlite3_stmt *s = db_prepare(st,
		"SELECT sec.head_id, dep.head_id FROM users u"
		" JOIN org_units sec ON sec.id = u.section_id"
		" LEFT JOIN org_units dep ON dep.id = sec.parent_id"
		" WHERE u.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*section_head = sqlite3_column_int64(s, 0);
		*department_head = sqlite3_column_int64(s, 1);
	}
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

/* Collects the first column of every row of s into an arena array. */
static int collect_ids(struct store *st, struct arena *a, sqlite3_stmt *s, int64_t **out,
		       size_t *n, struct err *e)
{
	size_t cap = 8;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		(*out)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_org_protection_managers(struct store *st, struct arena *a, int64_t section_id,
				  int64_t **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT user_id FROM org_protection_managers WHERE unit_id = ? ORDER BY user_id", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, section_id);
	return collect_ids(st, a, s, out, n, e);
}

int store_users_with_roles(struct store *st, struct arena *a, unsigned roles, int64_t **out,
			   size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT id FROM users WHERE (roles & ?) != 0 AND active = 1 ORDER BY id", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, (int)roles);
	return collect_ids(st, a, s, out, n, e);
}
