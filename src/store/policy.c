/* store/policy: the policy table (see policy.h). */
#include "store/policy.h"
#include "store/db_int.h"
#include "core/arena.h"
#include "core/log.h"
#include "rules/policy.h"

#include <string.h>

int store_policy_load(struct store *st, struct err *e)
{
	policy_reset();
	sqlite3_stmt *s = db_prepare(st, "SELECT key, value FROM policy", e);
	if (s == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *k = (const char *)sqlite3_column_text(s, 0);
		const char *v = (const char *)sqlite3_column_text(s, 1);
		if (k && v && policy_apply(k, v) != 0)
			log_warn("policy: ignoring the stored value of \"%s\" (unknown or invalid)", k);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_policy_set(struct store *st, const char *key, const char *value, const char *by,
		     int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO policy(key, value, set_by, set_at) VALUES (?, ?, ?, ?)"
		" ON CONFLICT(key) DO UPDATE SET value = excluded.value, set_by = excluded.set_by,"
		" set_at = excluded.set_at", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, key);
	db_bind_text(s, 2, value);
	db_bind_text(s, 3, by);
	sqlite3_bind_int64(s, 4, now);
	return db_step_done(st, s, e);
}

int store_policy_list(struct store *st, struct arena *a, struct policy_row **out, size_t *n,
		      struct err *e)
{
	size_t cap = 32;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st, "SELECT key, value, set_by, set_at FROM policy ORDER BY key", e);
	if (s == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct policy_row *r = &(*out)[(*n)++];
		r->key = db_col_text(a, s, 0);
		r->value = db_col_text(a, s, 1);
		r->set_by = db_col_text(a, s, 2);
		r->set_at = sqlite3_column_int64(s, 3);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}
