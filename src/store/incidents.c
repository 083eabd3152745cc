/* store/incidents: incidents, their timeline, and the comment rules' tables (see incidents.h). */
#include "store/incidents.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <string.h>

#define INCIDENT_COLS \
	"i.id, i.kind, COALESCE(i.reporter_id, 0), COALESCE(i.subject_id, 0)," \
	" COALESCE(i.section_id, 0), COALESCE(r.code, ''), COALESCE(r.name, ''), COALESCE(s.code, '')," \
	" COALESCE(o.code, ''), COALESCE(o.name, ''), i.summary, i.action, i.status, i.level," \
	" i.serious, i.national_report, i.national_report_date, i.client, i.created_at, i.updated_at" \
	" FROM incidents i LEFT JOIN users r ON r.id = i.reporter_id" \
	" LEFT JOIN users s ON s.id = i.subject_id LEFT JOIN org_units o ON o.id = i.section_id"

static void read_incident(struct arena *a, sqlite3_stmt *s, struct incident *in)
{
	in->id = sqlite3_column_int64(s, 0);
	in->kind = db_col_text(a, s, 1);
	in->reporter_id = sqlite3_column_int64(s, 2);
	in->subject_id = sqlite3_column_int64(s, 3);
	in->section_id = sqlite3_column_int64(s, 4);
	in->reporter_code = db_col_text(a, s, 5);
	in->reporter_name = db_col_text(a, s, 6);
	in->subject_code = db_col_text(a, s, 7);
	in->section_code = db_col_text(a, s, 8);
	in->section_name = db_col_text(a, s, 9);
	in->summary = db_col_text(a, s, 10);
	in->action = db_col_text(a, s, 11);
	in->status = db_col_text(a, s, 12);
	in->level = db_col_text(a, s, 13);
	in->serious = sqlite3_column_int(s, 14) != 0;
	in->national_report = sqlite3_column_int(s, 15) != 0;
	in->national_report_date = db_col_text(a, s, 16);
	in->client = db_col_text(a, s, 17);
	in->created_at = sqlite3_column_int64(s, 18);
	in->updated_at = sqlite3_column_int64(s, 19);
}

int store_incident_open(struct store *st, const struct incident *in, int64_t now, int64_t *id,
			struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO incidents(kind, reporter_id, subject_id, section_id, summary, action,"
		" client, serious, level, created_at, updated_at)"
		" VALUES (?, NULLIF(?, 0), NULLIF(?, 0), NULLIF(?, 0), ?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, in->kind);
	sqlite3_bind_int64(s, 2, in->reporter_id);
	sqlite3_bind_int64(s, 3, in->subject_id);
	sqlite3_bind_int64(s, 4, in->section_id);
	db_bind_text(s, 5, in->summary ? in->summary : "");
	db_bind_text(s, 6, in->action ? in->action : "");
	db_bind_text(s, 7, in->client ? in->client : "");
	sqlite3_bind_int(s, 8, in->serious);
	db_bind_text(s, 9, in->level ? in->level : "protection_manager");
	sqlite3_bind_int64(s, 10, now);
	sqlite3_bind_int64(s, 11, now);
	if (db_step_done(st, s, e) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	int64_t entry;
	return store_incident_entry_add(st, *id, in->reporter_id, "report", in->summary, NULL, now,
					&entry, e);
}

int store_incident_get(struct store *st, struct arena *a, int64_t id, struct incident *out,
		       struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " INCIDENT_COLS " WHERE i.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_incident(a, s, out);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_set(e, E_INCIDENT_NOT_FOUND, "%lld", (long long)id);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

/* The WHERE clause of a list; parameters ?1..?8 bound by bind_filter. */
#define FILTER_WHERE \
	" WHERE (?1 = '' OR i.status = ?1) AND (?2 = '' OR i.kind = ?2) AND (?3 = '' OR i.level = ?3)" \
	" AND (?4 < 0 OR i.serious = ?4) AND (?5 = 0 OR i.section_id = ?5)" \
	" AND (?6 = 1 OR i.reporter_id = ?7 OR i.section_id IN" \
	"  (SELECT unit_id FROM org_protection_managers WHERE user_id = ?7)" \
	"  OR (?8 = 1 AND i.level = 'mayor'))"

static void bind_filter(sqlite3_stmt *s, const struct incident_filter *f)
{
	db_bind_text(s, 1, f->status ? f->status : "");
	db_bind_text(s, 2, f->kind ? f->kind : "");
	db_bind_text(s, 3, f->level ? f->level : "");
	sqlite3_bind_int(s, 4, f->serious);
	sqlite3_bind_int64(s, 5, f->section_id);
	sqlite3_bind_int(s, 6, f->all);
	sqlite3_bind_int64(s, 7, f->viewer_id);
	sqlite3_bind_int(s, 8, f->viewer_mayor);
}

int store_incident_list(struct store *st, struct arena *a, const struct incident_filter *f,
			struct incident **out, size_t *n, int64_t *total, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " INCIDENT_COLS FILTER_WHERE
				     " ORDER BY i.id DESC LIMIT ?9 OFFSET ?10", e);
	if (s == NULL)
		return -1;
	bind_filter(s, f);
	sqlite3_bind_int64(s, 9, f->limit);
	sqlite3_bind_int64(s, 10, f->offset);
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_incident(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, e);
	s = db_prepare(st, "SELECT count(*) FROM incidents i" FILTER_WHERE, e);
	if (s == NULL)
		return -1;
	bind_filter(s, f);
	rc = sqlite3_step(s);
	*total = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_incident_update(struct store *st, const struct incident *in, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE incidents SET status = ?, level = ?, serious = ?, national_report = ?,"
		" national_report_date = ?, updated_at = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, in->status);
	db_bind_text(s, 2, in->level);
	sqlite3_bind_int(s, 3, in->serious);
	sqlite3_bind_int(s, 4, in->national_report);
	db_bind_text(s, 5, in->national_report_date ? in->national_report_date : "");
	sqlite3_bind_int64(s, 6, now);
	sqlite3_bind_int64(s, 7, in->id);
	return db_step_done(st, s, e);
}

int store_incident_entry_add(struct store *st, int64_t incident_id, int64_t user_id,
			     const char *kind, const char *text, const char *detail, int64_t now,
			     int64_t *id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO incident_entries(incident_id, at, user_id, kind, text, detail)"
		" VALUES (?, ?, NULLIF(?, 0), ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, incident_id);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, user_id);
	db_bind_text(s, 4, kind);
	db_bind_text(s, 5, text ? text : "");
	db_bind_text(s, 6, detail ? detail : "{}");
	if (db_step_done(st, s, e) != 0)
		return -1;
	*id = sqlite3_last_insert_rowid(st->db);
	s = db_prepare(st, "UPDATE incidents SET updated_at = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, incident_id);
	return db_step_done(st, s, e);
}

int store_incident_entries(struct store *st, struct arena *a, int64_t incident_id,
			   struct incident_entry **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT x.id, x.at, COALESCE(x.user_id, 0), COALESCE(u.code, ''), COALESCE(u.name, ''),"
		" x.kind, x.text, x.detail FROM incident_entries x LEFT JOIN users u ON u.id = x.user_id"
		" WHERE x.incident_id = ? ORDER BY x.id", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, incident_id);
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct incident_entry *x = &(*out)[(*n)++];
		x->id = sqlite3_column_int64(s, 0);
		x->at = sqlite3_column_int64(s, 1);
		x->user_id = sqlite3_column_int64(s, 2);
		x->user_code = db_col_text(a, s, 3);
		x->user_name = db_col_text(a, s, 4);
		x->kind = db_col_text(a, s, 5);
		x->text = db_col_text(a, s, 6);
		x->detail = db_col_text(a, s, 7);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

/* Runs s (bound) and reads one integer from its first row (0 when no row). */
static int one_int(struct store *st, sqlite3_stmt *s, int64_t *out, struct err *e)
{
	int rc = sqlite3_step(s);
	*out = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_incident_entry_count(struct store *st, int64_t incident_id, const char *kind,
			       int64_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT count(*) FROM incident_entries WHERE incident_id = ? AND kind = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, incident_id);
	db_bind_text(s, 2, kind);
	return one_int(st, s, n, e);
}

int store_is_protection_manager(struct store *st, int64_t user_id, int64_t section_id,
				bool *yes, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT count(*) FROM org_protection_managers WHERE user_id = ? AND unit_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, section_id);
	int64_t n;
	int rc = one_int(st, s, &n, e);
	*yes = n > 0;
	return rc;
}

int store_is_protection_manager_any(struct store *st, int64_t user_id, bool *yes, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT count(*) FROM org_protection_managers WHERE user_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	int64_t n;
	int rc = one_int(st, s, &n, e);
	*yes = n > 0;
	return rc;
}

int store_section_members(struct store *st, struct arena *a, int64_t section_id, int64_t **out,
			  size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT id FROM users WHERE section_id = ? AND active = 1 ORDER BY id", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, section_id);
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

int store_unit_by_code(struct store *st, const char *code, int64_t *id, int64_t *head,
		       struct err *e)
{
	*id = *head = 0;
	sqlite3_stmt *s = db_prepare(st,
		"SELECT id, COALESCE(head_id, 0) FROM org_units WHERE code = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, code);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(s, 0);
		*head = sqlite3_column_int64(s, 1);
	}
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_comment_keep(struct store *st, int64_t app_id, int64_t record_id, int64_t c_id,
		       int64_t deleted_by, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO comment_history(app_id, record_id, comment_id, text, creator, created_at,"
		" mentions, deleted_by, deleted_at) SELECT app_id, record_id, id, text, creator,"
		" created_at, mentions, NULLIF(?, 0), ? FROM comments"
		" WHERE app_id = ? AND record_id = ? AND id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, deleted_by);
	sqlite3_bind_int64(s, 2, now);
	sqlite3_bind_int64(s, 3, app_id);
	sqlite3_bind_int64(s, 4, record_id);
	sqlite3_bind_int64(s, 5, c_id);
	return db_step_done(st, s, e);
}

int store_comment_history(struct store *st, struct arena *a, int64_t app_id, int64_t record_id,
			  int64_t limit, struct comment_kept **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		/* Class I comments stay sealed here too (store/sealing.h). */
		"SELECT h.record_id, h.comment_id, h.deleted_at, coalesce(dc_plain(h.text), ''),"
		" h.creator, h.created_at,"
		" h.mentions, COALESCE(u.code, '') FROM comment_history h"
		" LEFT JOIN users u ON u.id = h.deleted_by"
		" WHERE h.app_id = ? AND (? = 0 OR h.record_id = ?) ORDER BY h.id DESC LIMIT ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, record_id);
	sqlite3_bind_int64(s, 3, record_id);
	sqlite3_bind_int64(s, 4, limit);
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct comment_kept *c = &(*out)[(*n)++];
		c->record_id = sqlite3_column_int64(s, 0);
		c->comment_id = sqlite3_column_int64(s, 1);
		c->deleted_at = sqlite3_column_int64(s, 2);
		c->text = db_col_text(a, s, 3);
		c->creator = db_col_text(a, s, 4);
		c->created_at = db_col_text(a, s, 5);
		c->mentions = db_col_text(a, s, 6);
		c->deleted_by = db_col_text(a, s, 7);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_comment_reminder_get(struct store *st, int64_t user_id, int64_t *at, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT at FROM comment_reminders WHERE user_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	return one_int(st, s, at, e);
}

int store_comment_reminder_set(struct store *st, int64_t user_id, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO comment_reminders(user_id, at) VALUES (?, ?)"
		" ON CONFLICT(user_id) DO UPDATE SET at = excluded.at", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, now);
	return db_step_done(st, s, e);
}

int store_app_comments_enabled(struct store *st, int64_t app_id, bool *on, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT COALESCE((SELECT json_extract(settings, '$.enableComments') FROM app_forms"
		" WHERE app_id = ? AND stage = 'live'), 1)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	int64_t v;
	int rc = one_int(st, s, &v, e);
	*on = v != 0;
	return rc;
}

int store_app_owner(struct store *st, int64_t app_id, int64_t *owner, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT COALESCE(NULLIF(owner_id, 0), creator_id) FROM apps WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	return one_int(st, s, owner, e);
}
