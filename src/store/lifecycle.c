/* store/lifecycle: app governance columns and app approvals (see lifecycle.h). */
#include "store/lifecycle.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <string.h>

int store_lc_gov_get(struct store *st, struct arena *a, int64_t app_id, struct lc_gov *g,
		     struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT p.info_class, p.flags, p.state, p.mynumber_approved, COALESCE(p.owner_id, 0),"
		" COALESCE(p.maintainer_id, 0), COALESCE(o.code, ''), COALESCE(o.name, ''),"
		" COALESCE(m.code, ''), COALESCE(m.name, ''), p.registration, p.start_date,"
		" p.end_date, p.personal_fields, p.gov_revision, p.state_changed_at"
		" FROM apps p LEFT JOIN users o ON o.id = p.owner_id"
		" LEFT JOIN users m ON m.id = p.maintainer_id WHERE p.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		db_done(s);
		if (rc != SQLITE_DONE)
			return db_fail(st, rc, e);
		return err_set(e, E_APP_NOT_FOUND, "%lld", (long long)app_id);
	}
	g->app_id = app_id;
	g->info_class = sqlite3_column_int(s, 0);
	g->flags = (unsigned)sqlite3_column_int(s, 1);
	g->state = db_col_text(a, s, 2);
	g->mynumber_approved = sqlite3_column_int(s, 3) != 0;
	g->owner_id = sqlite3_column_int64(s, 4);
	g->maintainer_id = sqlite3_column_int64(s, 5);
	g->owner_code = db_col_text(a, s, 6);
	g->owner_name = db_col_text(a, s, 7);
	g->maintainer_code = db_col_text(a, s, 8);
	g->maintainer_name = db_col_text(a, s, 9);
	g->registration = db_col_text(a, s, 10);
	g->start_date = db_col_text(a, s, 11);
	g->end_date = db_col_text(a, s, 12);
	g->personal_fields = db_col_text(a, s, 13);
	g->gov_revision = sqlite3_column_int64(s, 14);
	g->state_changed_at = sqlite3_column_int64(s, 15);
	db_done(s);
	return 0;
}

int store_lc_gov_save(struct store *st, const struct lc_gov *g, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE apps SET info_class = ?, flags = ?, mynumber_approved = ?, owner_id = ?,"
		" maintainer_id = ?, registration = ?, start_date = ?, end_date = ?,"
		" personal_fields = ?, gov_revision = gov_revision + 1 WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, g->info_class);
	sqlite3_bind_int(s, 2, (int)g->flags);
	sqlite3_bind_int(s, 3, g->mynumber_approved ? 1 : 0);
	if (g->owner_id > 0)
		sqlite3_bind_int64(s, 4, g->owner_id);
	else
		sqlite3_bind_null(s, 4);
	if (g->maintainer_id > 0)
		sqlite3_bind_int64(s, 5, g->maintainer_id);
	else
		sqlite3_bind_null(s, 5);
	db_bind_text(s, 6, g->registration ? g->registration : "{}");
	db_bind_text(s, 7, g->start_date ? g->start_date : "");
	db_bind_text(s, 8, g->end_date ? g->end_date : "");
	db_bind_text(s, 9, g->personal_fields ? g->personal_fields : "[]");
	sqlite3_bind_int64(s, 10, g->app_id);
	return db_step_done(st, s, e);
}

int store_lc_approval_add(struct store *st, struct lc_approval *a, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO app_approvals(app_id, kind, requested_by, requested_at, request, status,"
		" decided_at) VALUES (?, ?, ?, ?, ?, 'pending', 0)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, a->app_id);
	db_bind_text(s, 2, a->kind);
	sqlite3_bind_int64(s, 3, a->requested_by);
	sqlite3_bind_int64(s, 4, now);
	db_bind_text(s, 5, a->request ? a->request : "{}");
	if (db_step_done(st, s, e) != 0)
		return -1;
	a->id = sqlite3_last_insert_rowid(st->db);
	a->requested_at = now;
	a->status = "pending";
	for (size_t i = 0; i < a->n_steps; i++) {
		const struct lc_step *p = &a->steps[i];
		s = db_prepare(st,
			"INSERT INTO app_approval_steps(approval_id, pos, step, unit_id, approver_id,"
			" decision, comment, decided_at) VALUES (?, ?, ?, ?, ?, '', '', 0)", e);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, a->id);
		sqlite3_bind_int(s, 2, p->pos);
		db_bind_text(s, 3, p->step);
		if (p->unit_id > 0)
			sqlite3_bind_int64(s, 4, p->unit_id);
		else
			sqlite3_bind_null(s, 4);
		sqlite3_bind_int64(s, 5, p->approver_id);
		if (db_step_done(st, s, e) != 0)
			return -1;
	}
	return 0;
}

#define APPROVAL_COLS \
	"a.id, a.app_id, a.kind, a.requested_by, COALESCE(u.code, ''), COALESCE(u.name, '')," \
	" a.requested_at, a.request, a.status, a.decided_at" \
	" FROM app_approvals a LEFT JOIN users u ON u.id = a.requested_by"

static void read_approval(struct arena *ar, sqlite3_stmt *s, struct lc_approval *a)
{
	a->id = sqlite3_column_int64(s, 0);
	a->app_id = sqlite3_column_int64(s, 1);
	a->kind = db_col_text(ar, s, 2);
	a->requested_by = sqlite3_column_int64(s, 3);
	a->requester_code = db_col_text(ar, s, 4);
	a->requester_name = db_col_text(ar, s, 5);
	a->requested_at = sqlite3_column_int64(s, 6);
	a->request = db_col_text(ar, s, 7);
	a->status = db_col_text(ar, s, 8);
	a->decided_at = sqlite3_column_int64(s, 9);
	a->steps = NULL;
	a->n_steps = 0;
}

/* Reads the steps of approval a, in order. */
static int read_steps(struct store *st, struct arena *ar, struct lc_approval *a, struct err *e)
{
	size_t cap = 4;
	a->n_steps = 0;
	a->steps = arena_alloc(ar, cap * sizeof *a->steps);
	sqlite3_stmt *s = db_prepare(st,
		"SELECT p.pos, p.step, COALESCE(p.unit_id, 0), COALESCE(o.name, ''), p.approver_id,"
		" COALESCE(u.code, ''), COALESCE(u.name, ''), p.decision, p.comment, p.decided_at,"
		" p.app_revision"
		" FROM app_approval_steps p LEFT JOIN org_units o ON o.id = p.unit_id"
		" LEFT JOIN users u ON u.id = p.approver_id WHERE p.approval_id = ? ORDER BY p.pos", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, a->id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		a->steps = arena_room(ar, a->steps, a->n_steps, &cap, sizeof *a->steps);
		struct lc_step *p = &a->steps[a->n_steps++];
		p->pos = sqlite3_column_int(s, 0);
		p->step = db_col_text(ar, s, 1);
		p->unit_id = sqlite3_column_int64(s, 2);
		p->unit_name = db_col_text(ar, s, 3);
		p->approver_id = sqlite3_column_int64(s, 4);
		p->approver_code = db_col_text(ar, s, 5);
		p->approver_name = db_col_text(ar, s, 6);
		p->decision = db_col_text(ar, s, 7);
		p->comment = db_col_text(ar, s, 8);
		p->decided_at = sqlite3_column_int64(s, 9);
		p->revision = sqlite3_column_int64(s, 10);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_lc_approval_get(struct store *st, struct arena *ar, int64_t id, struct lc_approval *a,
			  struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " APPROVAL_COLS " WHERE a.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		db_done(s);
		if (rc != SQLITE_DONE)
			return db_fail(st, rc, e);
		return err_field(e, "id", FM_INVALID, NULL);
	}
	read_approval(ar, s, a);
	db_done(s);
	return read_steps(st, ar, a, e);
}

int store_lc_pending(struct store *st, int64_t app_id, int64_t *id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT id FROM app_approvals WHERE app_id = ? AND status = 'pending'"
		" ORDER BY id DESC LIMIT 1", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_lc_approvals_of(struct store *st, struct arena *ar, int64_t app_id,
			  struct lc_approval **out, size_t *n, struct err *e)
{
	size_t cap = 8;
	*n = 0;
	*out = arena_alloc(ar, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st, "SELECT " APPROVAL_COLS
		" WHERE a.app_id = ? ORDER BY a.id DESC LIMIT 200", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(ar, *out, *n, &cap, sizeof **out);
		read_approval(ar, s, &(*out)[(*n)++]);
	}
	db_done(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, e);
	for (size_t i = 0; i < *n; i++)
		if (read_steps(st, ar, &(*out)[i], e) != 0)
			return -1;
	return 0;
}

int store_lc_step_decide(struct store *st, int64_t id, int pos, int64_t approver_id,
			 bool approve, const char *comment, int64_t revision, int64_t now,
			 struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE app_approval_steps SET decision = ?, approver_id = ?, comment = ?,"
		" decided_at = ?, app_revision = ?"
		" WHERE approval_id = ? AND pos = ? AND decision = ''", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, approve ? "approved" : "refused");
	sqlite3_bind_int64(s, 2, approver_id);
	db_bind_text(s, 3, comment ? comment : "");
	sqlite3_bind_int64(s, 4, now);
	sqlite3_bind_int64(s, 5, revision);
	sqlite3_bind_int64(s, 6, id);
	sqlite3_bind_int(s, 7, pos);
	return db_step_done(st, s, e);
}

int store_lc_approval_close(struct store *st, int64_t id, const char *status, int64_t now,
			    struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE app_approvals SET status = ?, decided_at = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, status);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, id);
	return db_step_done(st, s, e);
}

int store_lc_units_of(struct store *st, struct arena *a, int64_t user_id, struct lc_units *u,
		      struct err *e)
{
	memset(u, 0, sizeof *u);
	u->section_name = u->department_name = "";
	sqlite3_stmt *s = db_prepare(st,
		"SELECT COALESCE(s.id, 0), COALESCE(s.head_id, 0), COALESCE(s.name, ''),"
		" COALESCE(d.id, 0), COALESCE(d.head_id, 0), COALESCE(d.name, '')"
		" FROM users x LEFT JOIN org_units s ON s.id = x.section_id"
		" LEFT JOIN org_units d ON d.id = s.parent_id WHERE x.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		u->section_id = sqlite3_column_int64(s, 0);
		u->section_head = sqlite3_column_int64(s, 1);
		u->section_name = db_col_text(a, s, 2);
		u->department_id = sqlite3_column_int64(s, 3);
		u->department_head = sqlite3_column_int64(s, 4);
		u->department_name = db_col_text(a, s, 5);
	}
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}
