/* store/devices: the devices and per-section device tables (see devices.h). */
#include "store/devices.h"
#include "store/db_int.h"
#include "core/arena.h"

#include <string.h>

#define DEVICE_COLS \
	"d.id, d.user_id, u.code, u.name, d.kind, d.owner, d.os, d.security, d.note, d.status," \
	" d.client, d.reason, COALESCE(a.code, ''), COALESCE(v.code, ''), d.requested_at," \
	" d.decided_at, d.revoked_at, d.last_seen" \
	" FROM devices d JOIN users u ON u.id = d.user_id" \
	" LEFT JOIN users a ON a.id = d.decided_by LEFT JOIN users v ON v.id = d.revoked_by"

static void read_device(struct arena *a, sqlite3_stmt *s, struct device *d)
{
	d->id = sqlite3_column_int64(s, 0);
	d->user_id = sqlite3_column_int64(s, 1);
	d->user_code = db_col_text(a, s, 2);
	d->user_name = db_col_text(a, s, 3);
	d->kind = db_col_text(a, s, 4);
	d->owner = db_col_text(a, s, 5);
	d->os = db_col_text(a, s, 6);
	d->security = db_col_text(a, s, 7);
	d->note = db_col_text(a, s, 8);
	d->status = db_col_text(a, s, 9);
	d->client = db_col_text(a, s, 10);
	d->reason = db_col_text(a, s, 11);
	d->decided_by = db_col_text(a, s, 12);
	d->revoked_by = db_col_text(a, s, 13);
	d->requested_at = sqlite3_column_int64(s, 14);
	d->decided_at = sqlite3_column_int64(s, 15);
	d->revoked_at = sqlite3_column_int64(s, 16);
	d->last_seen = sqlite3_column_int64(s, 17);
}

int store_device_insert(struct store *st, struct device *d, const unsigned char *cred_hash,
			size_t hash_len, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO devices(user_id, kind, owner, os, security, note, status, cred_hash,"
		" client, requested_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, d->user_id);
	db_bind_text(s, 2, d->kind);
	db_bind_text(s, 3, d->owner);
	db_bind_text(s, 4, d->os);
	db_bind_text(s, 5, d->security);
	db_bind_text(s, 6, d->note ? d->note : "");
	sqlite3_bind_blob(s, 7, cred_hash, (int)hash_len, SQLITE_STATIC);
	db_bind_text(s, 8, d->client ? d->client : "");
	sqlite3_bind_int64(s, 9, now);
	if (db_step_done(st, s, e) != 0)
		return -1;
	d->id = sqlite3_last_insert_rowid(st->db);
	d->status = "pending";
	d->requested_at = now;
	return 0;
}

/* Runs a prepared one-row device query; found: 1, none: 0, error: -1. */
static int one_device(struct store *st, struct arena *a, sqlite3_stmt *s, struct device *d,
		      struct err *e)
{
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		read_device(a, s, d);
		db_done(s);
		return 1;
	}
	db_done(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, e);
	return 0;
}

int store_device_by_cred(struct store *st, struct arena *a, const unsigned char *cred_hash,
			 size_t hash_len, struct device *d, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " DEVICE_COLS " WHERE d.cred_hash = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_blob(s, 1, cred_hash, (int)hash_len, SQLITE_STATIC);
	int rc = one_device(st, a, s, d, e);
	if (rc < 0)
		return -1;
	return rc == 1 ? 0 : err_set(e, E_INPUT, NULL);
}

int store_device_get(struct store *st, struct arena *a, int64_t id, struct device *d,
		     struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " DEVICE_COLS " WHERE d.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = one_device(st, a, s, d, e);
	if (rc < 0)
		return -1;
	return rc == 1 ? 0 : err_field(e, "id", FM_INVALID, NULL);
}

int store_device_list(struct store *st, struct arena *a, int64_t user_id, const char *status,
		      struct device **out, size_t *n, struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st, "SELECT " DEVICE_COLS
		" WHERE (? = 0 OR d.user_id = ?) AND (? IS NULL OR d.status = ?)"
		" ORDER BY d.id DESC LIMIT 1000", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, user_id);
	db_bind_text(s, 3, status);
	db_bind_text(s, 4, status);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		read_device(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_device_decide(struct store *st, int64_t id, bool approve, int64_t by,
			const char *reason, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE devices SET status = ?, decided_by = ?, decided_at = ?, reason = ?"
		" WHERE id = ? AND status = 'pending'", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, approve ? "approved" : "refused");
	sqlite3_bind_int64(s, 2, by);
	sqlite3_bind_int64(s, 3, now);
	db_bind_text(s, 4, reason ? reason : "");
	sqlite3_bind_int64(s, 5, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return err_field(e, "id", FM_INVALID, NULL);
	return 0;
}

int store_device_revoke(struct store *st, int64_t id, int64_t user_id, int64_t by,
			const char *reason, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE devices SET status = 'revoked', revoked_by = NULLIF(?, 0), revoked_at = ?,"
		" reason = ? WHERE id = ? AND (? = 0 OR user_id = ?)"
		" AND status IN ('pending','approved')", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, by);
	sqlite3_bind_int64(s, 2, now);
	db_bind_text(s, 3, reason ? reason : "");
	sqlite3_bind_int64(s, 4, id);
	sqlite3_bind_int64(s, 5, user_id);
	sqlite3_bind_int64(s, 6, user_id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return err_field(e, "id", FM_INVALID, NULL);
	return 0;
}

int store_devices_revoke_user(struct store *st, int64_t user_id, int64_t by, const char *reason,
			      int64_t now, int *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE devices SET status = 'revoked', revoked_by = NULLIF(?, 0), revoked_at = ?,"
		" reason = ? WHERE user_id = ? AND status IN ('pending','approved')", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, by);
	sqlite3_bind_int64(s, 2, now);
	db_bind_text(s, 3, reason ? reason : "");
	sqlite3_bind_int64(s, 4, user_id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if (n != NULL)
		*n = sqlite3_changes(st->db);
	return 0;
}

int store_device_seen(struct store *st, int64_t id, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "UPDATE devices SET last_seen = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, id);
	return db_step_done(st, s, e);
}

int store_section_devices_personal(struct store *st, int64_t section_id, int *out,
				   struct err *e)
{
	*out = -1;
	sqlite3_stmt *s = db_prepare(st,
		"SELECT devices_personal FROM org_units WHERE id = ? AND devices_personal IS NOT NULL", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, section_id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int(s, 0) ? 1 : 0;
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_section_set_devices_personal(struct store *st, const char *section_code, int value,
				       struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE org_units SET devices_personal = CASE WHEN ? < 0 THEN NULL ELSE ? END"
		" WHERE code = ? AND kind = 'section'", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, value);
	sqlite3_bind_int(s, 2, value);
	db_bind_text(s, 3, section_code);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return err_field(e, "section", FM_INVALID, NULL);
	return 0;
}

int store_section_devices_list(struct store *st, struct arena *a, struct section_devices **out,
			       size_t *n, struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st,
		"SELECT id, code, name, COALESCE(devices_personal, -1) FROM org_units"
		" WHERE kind = 'section' ORDER BY code LIMIT 2000", e);
	if (s == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct section_devices *sd = &(*out)[(*n)++];
		sd->id = sqlite3_column_int64(s, 0);
		sd->code = db_col_text(a, s, 1);
		sd->name = db_col_text(a, s, 2);
		sd->personal = sqlite3_column_int(s, 3);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_sessions_of_user(struct store *st, struct arena *a, int64_t user_id, int64_t now,
			   struct session_info **out, size_t *n, struct err *e)
{
	size_t cap = 8;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st,
		"SELECT id, created_at, last_seen, expires_at, client FROM sessions"
		" WHERE user_id = ? AND expires_at > ? ORDER BY last_seen DESC, id DESC LIMIT 200", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, now);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct session_info *si = &(*out)[(*n)++];
		si->id = sqlite3_column_int64(s, 0);
		si->created_at = sqlite3_column_int64(s, 1);
		si->last_seen = sqlite3_column_int64(s, 2);
		si->expires_at = sqlite3_column_int64(s, 3);
		si->client = db_col_text(a, s, 4);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_sessions_end(struct store *st, int64_t user_id, int64_t id, int64_t keep,
		       struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"DELETE FROM sessions WHERE user_id = ? AND (? = 0 OR id = ?) AND id != ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_int64(s, 3, id);
	sqlite3_bind_int64(s, 4, id != 0 ? 0 : keep);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if (id != 0 && sqlite3_changes(st->db) == 0)
		return err_field(e, "id", FM_INVALID, NULL);
	return 0;
}
