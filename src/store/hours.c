/* store/hours: calendars, assignments, overtime orders and overrides (see hours.h). */
#include "store/hours.h"
#include "core/arena.h"
#include "store/db_int.h"

#include <string.h>

static int load_closings(struct store *st, struct arena *a, struct hours_calendar_row *c,
			 struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT day, name FROM hours_closings WHERE calendar_id = ? ORDER BY day", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	size_t cap = 0;
	c->closings = NULL;
	c->n_closings = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		c->closings = arena_room(a, c->closings, c->n_closings, &cap, sizeof *c->closings);
		struct hours_closing *h = &c->closings[c->n_closings++];
		h->day = db_col_text(a, s, 0);
		h->name = db_col_text(a, s, 1);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

#define CAL_COLS "id, name, always, holidays_closed, is_default, week, updated_by, updated_at"

static void cal_row(struct arena *a, sqlite3_stmt *s, struct hours_calendar_row *c)
{
	c->id = sqlite3_column_int64(s, 0);
	c->name = db_col_text(a, s, 1);
	c->always = sqlite3_column_int(s, 2) != 0;
	c->holidays_closed = sqlite3_column_int(s, 3) != 0;
	c->is_default = sqlite3_column_int(s, 4) != 0;
	c->week = db_col_text(a, s, 5);
	c->updated_by = db_col_text(a, s, 6);
	c->updated_at = sqlite3_column_int64(s, 7);
}

int store_hours_calendars(struct store *st, struct arena *a, struct hours_calendar_row **out,
			  size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT " CAL_COLS " FROM hours_calendars ORDER BY is_default DESC, name", e);
	if (s == NULL)
		return -1;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		cal_row(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, e);
	for (size_t i = 0; i < *n; i++)
		if (load_closings(st, a, &(*out)[i], e) != 0)
			return -1;
	return 0;
}

int store_hours_calendar_of(struct store *st, struct arena *a, int64_t user_id,
			    int64_t section_id, struct hours_calendar_row *out, struct err *e)
{
	/* The user's own entry, then the section's, then the default: lowest rank wins. */
	sqlite3_stmt *s = db_prepare(st,
		"SELECT " CAL_COLS " FROM ("
		" SELECT c.*, 0 AS rank FROM hours_assign h JOIN hours_calendars c ON c.id = h.calendar_id"
		"  WHERE h.kind = 'user' AND h.ref_id = ?"
		" UNION ALL"
		" SELECT c.*, 1 FROM hours_assign h JOIN hours_calendars c ON c.id = h.calendar_id"
		"  WHERE h.kind = 'section' AND h.ref_id = ?"
		" UNION ALL"
		" SELECT c.*, 2 FROM hours_calendars c WHERE c.is_default = 1)"
		" ORDER BY rank LIMIT 1", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, section_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		cal_row(a, s, out);
	db_done(s);
	if (rc == SQLITE_DONE) {
		/* No default at all (deleted by hand): behave as always open. */
		memset(out, 0, sizeof *out);
		out->name = "";
		out->always = true;
		out->week = ",,,,,,";
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(st, rc, e);
	return load_closings(st, a, out, e);
}

int store_hours_calendar_save(struct store *st, struct hours_calendar_row *c, const char *by,
			      int64_t now, struct err *e)
{
	sqlite3_stmt *s;
	if (c->is_default) {
		if ((s = db_prepare(st, "UPDATE hours_calendars SET is_default = 0", e)) == NULL ||
		    db_step_done(st, s, e) != 0)
			return -1;
	}
	if (c->id == 0)
		s = db_prepare(st,
			"INSERT INTO hours_calendars(name, always, holidays_closed, is_default, week,"
			" updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	else
		s = db_prepare(st,
			"UPDATE hours_calendars SET name = ?, always = ?, holidays_closed = ?,"
			" is_default = ?, week = ?, updated_by = ?, updated_at = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, c->name);
	sqlite3_bind_int(s, 2, c->always);
	sqlite3_bind_int(s, 3, c->holidays_closed);
	sqlite3_bind_int(s, 4, c->is_default);
	db_bind_text(s, 5, c->week);
	db_bind_text(s, 6, by);
	sqlite3_bind_int64(s, 7, now);
	if (c->id != 0)
		sqlite3_bind_int64(s, 8, c->id);
	int rc = sqlite3_step(s);
	db_done(s);
	if (rc == SQLITE_CONSTRAINT_UNIQUE)
		return err_field(e, "name", FM_DUPLICATE, c->name);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, e);
	if (c->id == 0)
		c->id = sqlite3_last_insert_rowid(st->db);
	else if (sqlite3_changes(st->db) == 0)
		return err_field(e, "id", FM_INVALID, NULL);
	if ((s = db_prepare(st, "DELETE FROM hours_closings WHERE calendar_id = ?", e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, c->id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	for (size_t i = 0; i < c->n_closings; i++) {
		s = db_prepare(st,
			"INSERT OR REPLACE INTO hours_closings(calendar_id, day, name) VALUES (?, ?, ?)", e);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, c->id);
		db_bind_text(s, 2, c->closings[i].day);
		db_bind_text(s, 3, c->closings[i].name ? c->closings[i].name : "");
		if (db_step_done(st, s, e) != 0)
			return -1;
	}
	return 0;
}

int store_hours_calendar_delete(struct store *st, int64_t id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "DELETE FROM hours_closings WHERE calendar_id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if ((s = db_prepare(st, "DELETE FROM hours_assign WHERE calendar_id = ?", e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if ((s = db_prepare(st, "DELETE FROM hours_calendars WHERE id = ?", e)) == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	return sqlite3_changes(st->db) == 0 ? err_field(e, "id", FM_INVALID, NULL) : 0;
}

int store_hours_assign(struct store *st, const char *kind, int64_t ref_id, int64_t calendar_id,
		       struct err *e)
{
	sqlite3_stmt *s = calendar_id > 0
		? db_prepare(st, "INSERT OR REPLACE INTO hours_assign(kind, ref_id, calendar_id)"
				 " VALUES (?, ?, ?)", e)
		: db_prepare(st, "DELETE FROM hours_assign WHERE kind = ? AND ref_id = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, kind);
	sqlite3_bind_int64(s, 2, ref_id);
	if (calendar_id > 0)
		sqlite3_bind_int64(s, 3, calendar_id);
	return db_step_done(st, s, e);
}

int store_hours_assignments(struct store *st, struct arena *a, struct hours_assign_row **out,
			    size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT h.kind, h.ref_id, h.calendar_id,"
		" COALESCE(u.code, o.code, ''), COALESCE(u.name, o.name, '')"
		" FROM hours_assign h"
		" LEFT JOIN users u ON h.kind = 'user' AND u.id = h.ref_id"
		" LEFT JOIN org_units o ON h.kind = 'section' AND o.id = h.ref_id"
		" ORDER BY h.kind, 4", e);
	if (s == NULL)
		return -1;
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct hours_assign_row *h = &(*out)[(*n)++];
		h->kind = db_col_text(a, s, 0);
		h->ref_id = sqlite3_column_int64(s, 1);
		h->calendar_id = sqlite3_column_int64(s, 2);
		h->code = db_col_text(a, s, 3);
		h->name = db_col_text(a, s, 4);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_hours_unit_id(struct store *st, const char *code, int64_t *id, struct err *e)
{
	*id = 0;
	sqlite3_stmt *s = db_prepare(st, "SELECT id FROM org_units WHERE code = ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, code);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(s, 0);
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_overtime_add(struct store *st, struct overtime_row *o, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO overtime_orders(user_id, start_at, end_at, reason, ordered_by, created_at)"
		" VALUES (?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, o->user_id);
	sqlite3_bind_int64(s, 2, o->start_at);
	sqlite3_bind_int64(s, 3, o->end_at);
	db_bind_text(s, 4, o->reason);
	sqlite3_bind_int64(s, 5, o->ordered_by);
	sqlite3_bind_int64(s, 6, o->created_at);
	if (db_step_done(st, s, e) != 0)
		return -1;
	o->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

#define OT_SELECT \
	"SELECT o.id, o.user_id, o.start_at, o.end_at, o.ordered_by, o.created_at, o.cancelled_at," \
	" u.code, u.name, o.reason, b.code, b.name FROM overtime_orders o" \
	" JOIN users u ON u.id = o.user_id JOIN users b ON b.id = o.ordered_by"

static void ot_row(struct arena *a, sqlite3_stmt *s, struct overtime_row *o)
{
	o->id = sqlite3_column_int64(s, 0);
	o->user_id = sqlite3_column_int64(s, 1);
	o->start_at = sqlite3_column_int64(s, 2);
	o->end_at = sqlite3_column_int64(s, 3);
	o->ordered_by = sqlite3_column_int64(s, 4);
	o->created_at = sqlite3_column_int64(s, 5);
	o->cancelled_at = sqlite3_column_int64(s, 6);
	o->user_code = db_col_text(a, s, 7);
	o->user_name = db_col_text(a, s, 8);
	o->reason = db_col_text(a, s, 9);
	o->ordered_by_code = db_col_text(a, s, 10);
	o->ordered_by_name = db_col_text(a, s, 11);
}

int store_overtime_get(struct store *st, struct arena *a, int64_t id, struct overtime_row *o,
		       struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, OT_SELECT " WHERE o.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		ot_row(a, s, o);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_field(e, "id", FM_INVALID, NULL);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_overtime_cancel(struct store *st, int64_t id, int64_t by, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE overtime_orders SET cancelled_at = ?, cancelled_by = ?"
		" WHERE id = ? AND cancelled_at = 0", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, by);
	sqlite3_bind_int64(s, 3, id);
	return db_step_done(st, s, e);
}

int store_overtime_list(struct store *st, struct arena *a, int64_t viewer, struct overtime_row **out,
			size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		OT_SELECT " LEFT JOIN org_units sec ON sec.id = u.section_id"
		" LEFT JOIN org_units dep ON dep.id = sec.parent_id"
		" WHERE o.user_id = ?1 OR o.ordered_by = ?1 OR sec.head_id = ?1 OR dep.head_id = ?1"
		" ORDER BY o.id DESC LIMIT 200", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, viewer);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		ot_row(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_overtime_spans(struct store *st, struct arena *a, int64_t user_id, int64_t now,
			 struct hours_span **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT start_at, end_at FROM overtime_orders"
		" WHERE user_id = ? AND cancelled_at = 0 AND end_at > ? ORDER BY start_at LIMIT 100", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, now);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		(*out)[*n].start = (time_t)sqlite3_column_int64(s, 0);
		(*out)[*n].end = (time_t)sqlite3_column_int64(s, 1);
		(*n)++;
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_hours_members_of(struct store *st, struct arena *a, int64_t head_id,
			   struct hours_person **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT u.id, u.code, u.name FROM users u"
		" JOIN org_units sec ON sec.id = u.section_id"
		" LEFT JOIN org_units dep ON dep.id = sec.parent_id"
		" WHERE u.active = 1 AND u.id <> ?1 AND (sec.head_id = ?1 OR dep.head_id = ?1)"
		" ORDER BY u.code LIMIT 1000", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, head_id);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct hours_person *p = &(*out)[(*n)++];
		p->id = sqlite3_column_int64(s, 0);
		p->code = db_col_text(a, s, 1);
		p->name = db_col_text(a, s, 2);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_hours_override_add(struct store *st, struct hours_override_row *o, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO hours_overrides(user_id, until_at, reason, set_by, created_at)"
		" VALUES (?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	if (o->user_id > 0)
		sqlite3_bind_int64(s, 1, o->user_id);
	else
		sqlite3_bind_null(s, 1);
	sqlite3_bind_int64(s, 2, o->until_at);
	db_bind_text(s, 3, o->reason);
	db_bind_text(s, 4, o->set_by);
	sqlite3_bind_int64(s, 5, o->created_at);
	if (db_step_done(st, s, e) != 0)
		return -1;
	o->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

int store_hours_override_revoke(struct store *st, int64_t id, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE hours_overrides SET revoked_at = ?1 WHERE id = ?2 AND revoked_at = 0"
		" AND until_at > ?1", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	return sqlite3_changes(st->db) == 0 ? err_field(e, "id", FM_INVALID, NULL) : 0;
}

int store_hours_overrides(struct store *st, struct arena *a, int64_t now,
			  struct hours_override_row **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT o.id, COALESCE(o.user_id, 0), o.until_at, o.created_at, COALESCE(u.code, ''),"
		" o.reason, o.set_by FROM hours_overrides o LEFT JOIN users u ON u.id = o.user_id"
		" WHERE o.revoked_at = 0 AND o.until_at > ? ORDER BY o.id DESC LIMIT 200", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	size_t cap = 0;
	*out = NULL;
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct hours_override_row *o = &(*out)[(*n)++];
		o->id = sqlite3_column_int64(s, 0);
		o->user_id = sqlite3_column_int64(s, 1);
		o->until_at = sqlite3_column_int64(s, 2);
		o->created_at = sqlite3_column_int64(s, 3);
		o->user_code = db_col_text(a, s, 4);
		o->reason = db_col_text(a, s, 5);
		o->set_by = db_col_text(a, s, 6);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_hours_override_until(struct store *st, int64_t user_id, int64_t now, int64_t *until,
			       struct err *e)
{
	*until = 0;
	sqlite3_stmt *s = db_prepare(st,
		"SELECT COALESCE(MAX(until_at), 0) FROM hours_overrides WHERE revoked_at = 0"
		" AND until_at > ? AND (user_id IS NULL OR user_id = ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, user_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*until = sqlite3_column_int64(s, 0);
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}
