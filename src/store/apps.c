/* store/apps: apps and their forms in SQLite (see apps.h). */
#include "store/apps.h"
#include "store/db_int.h"
#include "core/arena.h"
#include "rules/classes.h"

#include <stdio.h>
#include <string.h>

#define APP_COLS "a.id, a.code, a.name, a.description, a.creator_id, cu.code, cu.name," \
		 " a.created_at, a.modifier_id, mu.code, mu.name, a.modified_at, a.next_col," \
		 " a.preview_revision, a.live_revision, a.deploy_status, a.deploy_message"
#define APP_FROM " FROM apps a LEFT JOIN users cu ON cu.id = a.creator_id" \
		 " LEFT JOIN users mu ON mu.id = a.modifier_id"

static void read_app(struct arena *a, sqlite3_stmt *s, struct app_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->code = db_col_text(a, s, 1);
	r->name = db_col_text(a, s, 2);
	r->description = db_col_text(a, s, 3);
	r->creator_id = sqlite3_column_int64(s, 4);
	r->creator_code = db_col_text(a, s, 5);
	r->creator_name = db_col_text(a, s, 6);
	r->created_at = db_col_text(a, s, 7);
	r->modifier_id = sqlite3_column_int64(s, 8);
	r->modifier_code = db_col_text(a, s, 9);
	r->modifier_name = db_col_text(a, s, 10);
	r->modified_at = db_col_text(a, s, 11);
	r->next_col = sqlite3_column_int64(s, 12);
	r->preview_revision = sqlite3_column_int64(s, 13);
	r->live_revision = sqlite3_column_int64(s, 14);
	r->deploy_status = db_col_text(a, s, 15);
	r->deploy_message = db_col_text(a, s, 16);
}

int store_app_create(struct store *st, struct app_row *row, const struct app_form *f,
		     struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO apps(name, description, creator_id, created_at, modifier_id, modified_at,"
		" next_col, owner_id, info_class) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, row->name);
	db_bind_text(s, 2, row->description ? row->description : "");
	sqlite3_bind_int64(s, 3, row->creator_id);
	db_bind_text(s, 4, row->created_at);
	sqlite3_bind_int64(s, 5, row->creator_id);
	db_bind_text(s, 6, row->created_at);
	sqlite3_bind_int64(s, 7, row->next_col);
	sqlite3_bind_int64(s, 8, row->creator_id);
	sqlite3_bind_int(s, 9, classes_default_rank());
	if (db_step_done(st, s, e) != 0)
		return -1;
	row->id = sqlite3_last_insert_rowid(st->db);
	s = db_prepare(st, "INSERT INTO app_forms(app_id, stage, properties, layout, settings, acl,"
			   " views) VALUES (?, 'preview', ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, row->id);
	db_bind_text(s, 2, f->properties);
	db_bind_text(s, 3, f->layout);
	db_bind_text(s, 4, f->settings);
	db_bind_text(s, 5, f->acl);
	db_bind_text(s, 6, f->views ? f->views : "{}");
	if (db_step_done(st, s, e) != 0)
		return -1;
	char *ddl = sqlite3_mprintf(
		"CREATE TABLE \"app_%lld\"("
		" id INTEGER PRIMARY KEY AUTOINCREMENT,"
		" revision INTEGER NOT NULL DEFAULT 1,"
		" creator TEXT NOT NULL, created_at TEXT NOT NULL,"
		" modifier TEXT NOT NULL, updated_at TEXT NOT NULL);"
		"CREATE INDEX \"ix_app_%lld_created_at\" ON \"app_%lld\"(created_at);"
		"CREATE INDEX \"ix_app_%lld_updated_at\" ON \"app_%lld\"(updated_at);",
		(long long)row->id, (long long)row->id, (long long)row->id, (long long)row->id,
		(long long)row->id);
	int rc = db_exec(st, ddl, e);
	sqlite3_free(ddl);
	return rc;
}

int store_app_get(struct store *st, struct arena *a, int64_t id, struct app_row *row,
		  struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " APP_COLS APP_FROM " WHERE a.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_app(a, s, row);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_APP_NOT_FOUND, "%lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_app_revisions(struct store *st, int64_t id, int64_t *live, int64_t *gov,
			struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT live_revision, gov_revision FROM apps WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*live = sqlite3_column_int64(s, 0);
		*gov = sqlite3_column_int64(s, 1);
	}
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_APP_NOT_FOUND, "%lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_app_list(struct store *st, struct arena *a, struct app_row **out, size_t *n,
		   struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " APP_COLS APP_FROM " ORDER BY a.id", e);
	if (s == NULL)
		return -1;
	size_t cap = 0;
	int rc;
	*n = 0;
	*out = NULL;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_app(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_app_form(struct store *st, struct arena *a, int64_t id, const char *stage,
		   struct app_form *f, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT properties, layout, settings, acl, views FROM app_forms"
				     " WHERE app_id = ? AND stage = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	db_bind_text(s, 2, stage);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		f->properties = db_col_text(a, s, 0);
		f->layout = db_col_text(a, s, 1);
		f->settings = db_col_text(a, s, 2);
		f->acl = db_col_text(a, s, 3);
		f->views = db_col_text(a, s, 4);
	}
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, strcmp(stage, "live") == 0 ? E_APP_NOT_DEPLOYED : E_APP_NOT_FOUND,
			       "%lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_app_save_preview(struct store *st, int64_t id, const struct app_form *f,
			   int64_t next_col, int64_t modifier_id, const char *now,
			   int64_t expect_revision, int64_t *new_rev, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT preview_revision FROM apps WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	int64_t cur = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_APP_NOT_FOUND, "%lld", (long long)id);
	if (rc != SQLITE_ROW)
		return db_fail(st, rc, e);
	if (expect_revision >= 0 && expect_revision != cur)
		return err_set(e, E_APP_REVISION, NULL);
	s = db_prepare(st, "UPDATE app_forms SET properties = ?, layout = ?, settings = ?, acl = ?,"
			   " views = ? WHERE app_id = ? AND stage = 'preview'", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, f->properties);
	db_bind_text(s, 2, f->layout);
	db_bind_text(s, 3, f->settings);
	db_bind_text(s, 4, f->acl);
	db_bind_text(s, 5, f->views ? f->views : "{}");
	sqlite3_bind_int64(s, 6, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, "UPDATE apps SET preview_revision = preview_revision + 1, next_col = ?,"
			   " modifier_id = ?, modified_at = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, next_col);
	sqlite3_bind_int64(s, 2, modifier_id);
	db_bind_text(s, 3, now);
	sqlite3_bind_int64(s, 4, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	*new_rev = cur + 1;
	return 0;
}

int store_app_publish(struct store *st, int64_t id, const char *name, const char *description,
		      int64_t revision, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT OR REPLACE INTO app_forms(app_id, stage, properties, layout, settings, acl, views)"
		" SELECT app_id, 'live', properties, layout, settings, acl, views FROM app_forms"
		" WHERE app_id = ? AND stage = 'preview'", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, "UPDATE apps SET live_revision = ?, name = ?, description = ?"
			   " WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, revision);
	db_bind_text(s, 2, name);
	db_bind_text(s, 3, description);
	sqlite3_bind_int64(s, 4, id);
	return db_step_done(st, s, e);
}

int store_app_revert(struct store *st, int64_t id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE app_forms SET (properties, layout, settings, acl, views) ="
		" (SELECT properties, layout, settings, acl, views FROM app_forms"
		"  WHERE app_id = ?1 AND stage = 'live')"
		" WHERE app_id = ?1 AND stage = 'preview'"
		" AND EXISTS (SELECT 1 FROM app_forms WHERE app_id = ?1 AND stage = 'live')", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	/* The preview is the live form again, so it carries the live revision again. */
	s = db_prepare(st, "UPDATE apps SET preview_revision = live_revision WHERE id = ?"
			   " AND live_revision > 0", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return db_step_done(st, s, e);
}

int store_app_deploy_status(struct store *st, int64_t id, const char *status,
			    const char *message, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE apps SET deploy_status = ?, deploy_message = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, status);
	db_bind_text(s, 2, message ? message : "");
	sqlite3_bind_int64(s, 3, id);
	return db_step_done(st, s, e);
}

int store_app_gov_get(struct store *st, struct arena *a, int64_t id, struct app_gov *g,
		      struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT a.info_class, a.flags, a.state, a.mynumber_approved, a.owner_id,"
		" a.maintainer_id, ou.code, mu.code, a.registration, a.start_date, a.end_date,"
		" a.personal_fields, a.gov_revision, a.state_changed_at"
		" FROM apps a LEFT JOIN users ou ON ou.id = a.owner_id"
		" LEFT JOIN users mu ON mu.id = a.maintainer_id WHERE a.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		g->info_class = classes_clamp(sqlite3_column_int(s, 0));
		g->flags = (unsigned)sqlite3_column_int(s, 1) & APP_FLAG_ALL;
		int state = app_state_parse((const char *)sqlite3_column_text(s, 2));
		g->state = state < 0 ? APP_DRAFT : state;
		g->mynumber_approved = sqlite3_column_int(s, 3) != 0;
		g->owner_id = sqlite3_column_int64(s, 4);
		g->maintainer_id = sqlite3_column_int64(s, 5);
		g->owner_code = db_col_text(a, s, 6);
		g->maintainer_code = db_col_text(a, s, 7);
		g->registration = db_col_text(a, s, 8);
		g->start_date = db_col_text(a, s, 9);
		g->end_date = db_col_text(a, s, 10);
		g->personal_fields = db_col_text(a, s, 11);
		g->gov_revision = sqlite3_column_int64(s, 12);
		g->state_changed_at = sqlite3_column_int64(s, 13);
	}
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_APP_NOT_FOUND, "%lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_app_gov_bump(struct store *st, int64_t id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "UPDATE apps SET gov_revision = gov_revision + 1 WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	return db_step_done(st, s, e);
}

int store_app_set_state(struct store *st, int64_t id, int state, int64_t now, struct err *e)
{
	const char *name = app_state_name((enum app_state)state);
	if (name == NULL)
		return err_set(e, E_INTERNAL, NULL);
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE apps SET state = ?, state_changed_at = ?, gov_revision = gov_revision + 1"
		" WHERE id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, name);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, id);
	return db_step_done(st, s, e);
}
