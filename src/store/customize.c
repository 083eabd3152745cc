/* store/customize: customisations, their reviews and the plugin allow-list (see customize.h). */
#include "store/customize.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <string.h>

static const char empty_body[] = "{\"desktop\":{\"js\":[],\"css\":[]},\"mobile\":{\"js\":[],\"css\":[]}}";

/* ---- customisations -------------------------------------------------------------- */

int store_customize_get(struct store *st, struct arena *a, int64_t app_id, const char *stage,
			const char **scope, const char **body, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT scope, body FROM app_customize"
				     " WHERE app_id = ? AND stage = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	db_bind_text(s, 2, stage);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*scope = db_col_text(a, s, 0);
		*body = db_col_text(a, s, 1);
	} else {
		*scope = "ALL";
		*body = empty_body;
	}
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_customize_put(struct store *st, int64_t app_id, const char *scope, const char *body,
			int64_t *new_rev, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "INSERT INTO app_customize(app_id, stage, scope, body)"
				     " VALUES (?, 'preview', ?, ?) ON CONFLICT (app_id, stage)"
				     " DO UPDATE SET scope = excluded.scope, body = excluded.body", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	db_bind_text(s, 2, scope);
	db_bind_text(s, 3, body);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, "UPDATE apps SET preview_revision = preview_revision + 1 WHERE id = ?"
		       " RETURNING preview_revision", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*new_rev = sqlite3_column_int64(s, 0);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_APP_NOT_FOUND, "%lld", (long long)app_id);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

/* Copies one stage's row over the other's (or removes the target when the source has none). */
static int copy_stage(struct store *st, int64_t app_id, const char *from, const char *to,
		      struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM app_customize WHERE app_id = ? AND stage = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	db_bind_text(s, 2, to);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, "INSERT INTO app_customize(app_id, stage, scope, body)"
		       " SELECT app_id, ?, scope, body FROM app_customize WHERE app_id = ? AND stage = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, to);
	sqlite3_bind_int64(s, 2, app_id);
	db_bind_text(s, 3, from);
	return db_step_done(st, s, e);
}

int store_customize_publish(struct store *st, int64_t app_id, struct err *e)
{
	return copy_stage(st, app_id, "preview", "live", e);
}

int store_customize_revert(struct store *st, int64_t app_id, struct err *e)
{
	return copy_stage(st, app_id, "live", "preview", e);
}

/* ---- reviews --------------------------------------------------------------------- */

#define REVIEW_COLS \
	"r.id, r.app_id, COALESCE(ap.name, ''), r.sha256, r.name, r.author_id, u.code, r.status," \
	" COALESCE(v.code, ''), r.comment, r.created_at, r.decided_at" \
	" FROM customize_reviews r JOIN users u ON u.id = r.author_id" \
	" LEFT JOIN users v ON v.id = r.reviewer_id LEFT JOIN apps ap ON ap.id = r.app_id"

static void read_review(struct arena *a, sqlite3_stmt *s, struct cu_review *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->app_id = sqlite3_column_int64(s, 1);
	r->app_name = db_col_text(a, s, 2);
	r->sha256 = db_col_text(a, s, 3);
	r->name = db_col_text(a, s, 4);
	r->author_id = sqlite3_column_int64(s, 5);
	r->author_code = db_col_text(a, s, 6);
	r->status = db_col_text(a, s, 7);
	r->reviewer_code = db_col_text(a, s, 8);
	r->comment = db_col_text(a, s, 9);
	r->created_at = sqlite3_column_int64(s, 10);
	r->decided_at = sqlite3_column_int64(s, 11);
}

/* Runs a one-row review query: 1 found, 0 none, -1 error. */
static int one_review(struct store *st, struct arena *a, sqlite3_stmt *s, struct cu_review *out,
		      struct err *e)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_review(a, s, out);
	db_done(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_cu_review_find(struct store *st, struct arena *a, int64_t app_id, const char *sha256,
			 struct cu_review *out, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " REVIEW_COLS " WHERE r.app_id = ? AND r.sha256 = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	db_bind_text(s, 2, sha256);
	return one_review(st, a, s, out, e);
}

int store_cu_review_ensure(struct store *st, struct arena *a, int64_t app_id, const char *sha256,
			   const char *name, int64_t author_id, int64_t now, struct cu_review *out,
			   bool *created, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "INSERT OR IGNORE INTO customize_reviews(app_id, sha256,"
				     " name, author_id, created_at) VALUES (?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	db_bind_text(s, 2, sha256);
	db_bind_text(s, 3, name);
	sqlite3_bind_int64(s, 4, author_id);
	sqlite3_bind_int64(s, 5, now);
	if (db_step_done(st, s, e) != 0)
		return -1;
	*created = sqlite3_changes(st->db) > 0;
	int rc = store_cu_review_find(st, a, app_id, sha256, out, e);
	if (rc < 0)
		return -1;
	return rc == 1 ? 0 : err_set(e, E_INTERNAL, NULL);
}

int store_cu_review_get(struct store *st, struct arena *a, int64_t id, struct cu_review *out,
			struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " REVIEW_COLS " WHERE r.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = one_review(st, a, s, out, e);
	if (rc < 0)
		return -1;
	return rc == 1 ? 0 : err_field(e, "id", FM_INVALID, NULL);
}

int store_cu_review_decide(struct store *st, int64_t id, const char *status, int64_t reviewer_id,
			   const char *comment, int64_t now, struct err *e)
{
	return db_review(st, "UPDATE customize_reviews SET status = ?, reviewer_id = ?, decided_at = ?,"
			 " comment = ? WHERE id = ? AND status = 'pending'", id, status, reviewer_id,
			 comment, now, e);
}

int store_cu_review_list(struct store *st, struct arena *a, const char *status, int64_t app_id,
			 struct cu_review **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " REVIEW_COLS " WHERE (?1 = '' OR r.status = ?1)"
				     " AND (?2 = 0 OR r.app_id = ?2) ORDER BY r.id DESC LIMIT 500", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, status);
	sqlite3_bind_int64(s, 2, app_id);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_review(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

/* ---- plugins --------------------------------------------------------------------- */

#define PLUGIN_COLS \
	"p.id, p.name, p.purpose, p.function, p.version, p.files, p.requested_by, u.code," \
	" p.requested_at, p.status, COALESCE(v.code, ''), p.comment, p.decided_at" \
	" FROM plugins p JOIN users u ON u.id = p.requested_by" \
	" LEFT JOIN users v ON v.id = p.reviewer_id"

static void read_plugin(struct arena *a, sqlite3_stmt *s, struct cu_plugin *p)
{
	p->id = sqlite3_column_int64(s, 0);
	p->name = db_col_text(a, s, 1);
	p->purpose = db_col_text(a, s, 2);
	p->function = db_col_text(a, s, 3);
	p->version = db_col_text(a, s, 4);
	p->files = db_col_text(a, s, 5);
	p->requested_by = sqlite3_column_int64(s, 6);
	p->requester_code = db_col_text(a, s, 7);
	p->requested_at = sqlite3_column_int64(s, 8);
	p->status = db_col_text(a, s, 9);
	p->reviewer_code = db_col_text(a, s, 10);
	p->comment = db_col_text(a, s, 11);
	p->decided_at = sqlite3_column_int64(s, 12);
}

int store_plugin_add(struct store *st, struct cu_plugin *p, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "INSERT INTO plugins(name, purpose, function, version, files,"
				     " requested_by, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, p->name);
	db_bind_text(s, 2, p->purpose);
	db_bind_text(s, 3, p->function);
	db_bind_text(s, 4, p->version);
	db_bind_text(s, 5, p->files);
	sqlite3_bind_int64(s, 6, p->requested_by);
	sqlite3_bind_int64(s, 7, now);
	if (db_step_done(st, s, e) != 0)
		return -1;
	p->id = sqlite3_last_insert_rowid(st->db);
	p->status = "pending";
	p->requested_at = now;
	return 0;
}

int store_plugin_get(struct store *st, struct arena *a, int64_t id, struct cu_plugin *out,
		     struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " PLUGIN_COLS " WHERE p.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_plugin(a, s, out);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_field(e, "id", FM_INVALID, NULL);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_plugin_list(struct store *st, struct arena *a, bool approved_only,
		      struct cu_plugin **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " PLUGIN_COLS " WHERE (? = 0 OR p.status = 'approved')"
				     " ORDER BY p.id LIMIT 1000", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, approved_only ? 1 : 0);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_plugin(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_plugin_decide(struct store *st, int64_t id, const char *status, int64_t reviewer_id,
			const char *comment, int64_t now, struct err *e)
{
	/* Pending requests are decided; approved plugins are removed. */
	return db_review(st, "UPDATE plugins SET status = ?, reviewer_id = ?, decided_at = ?, comment = ?"
			 " WHERE id = ? AND status IN ('pending', 'approved')", id, status, reviewer_id,
			 comment, now, e);
}

int store_app_plugins(struct store *st, struct arena *a, int64_t app_id, int64_t **ids,
		      size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT plugin_id FROM app_plugins WHERE app_id = ?"
				     " ORDER BY plugin_id", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	size_t cap = 0;
	int rc;
	*ids = NULL;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*ids = arena_room(a, *ids, *n, &cap, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(s, 0);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_app_plugins_set(struct store *st, int64_t app_id, const int64_t *ids, size_t n,
			  int64_t user_id, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM app_plugins WHERE app_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		s = db_prepare(st, "INSERT OR IGNORE INTO app_plugins(app_id, plugin_id, enabled_by,"
			       " enabled_at) VALUES (?, ?, ?, ?)", e);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, app_id);
		sqlite3_bind_int64(s, 2, ids[i]);
		sqlite3_bind_int64(s, 3, user_id);
		sqlite3_bind_int64(s, 4, now);
		if (db_step_done(st, s, e) != 0)
			return -1;
	}
	return 0;
}
