/*
 * store/ledger: the ledger's reads (apps with their governance columns, record counts,
 * activity and exports from the access log, approvals, incidents) and the hand-over
 * queue and idle/expired notices (see ledger.h).
 */
#include "store/ledger.h"
#include "store/db_int.h"
#include "store/inbox.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/jsonw.h"
#include "rules/ledger.h"
#include "rules/roles.h"

#include <stdio.h>
#include <string.h>

static const char *text0(struct arena *a, sqlite3_stmt *s, int i)
{
	const char *v = db_col_text(a, s, i);
	return v ? v : "";
}

int store_ledger_apps(struct store *st, struct arena *a, struct ledger_app **out, size_t *n,
		      struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st,
		"SELECT a.id, a.code, a.name, a.description, a.info_class, a.flags, a.state,"
		"  a.registration, a.start_date, a.end_date, a.personal_fields,"
		"  COALESCE(a.owner_id, 0), COALESCE(o.code, ''), COALESCE(o.name, ''),"
		"  COALESCE(a.maintainer_id, 0), COALESCE(m.code, ''), COALESCE(m.name, ''),"
		"  COALESCE(c.code, ''), a.created_at, "
		"  CASE WHEN a.state_changed_at > 0"
		"    THEN strftime('%Y-%m-%dT%H:%M:%SZ', a.state_changed_at, 'unixepoch') ELSE '' END,"
		"   a.live_revision,"
		"  COALESCE(f.acl, ''), COALESCE(u.id, 0), COALESCE(u.code, ''), COALESCE(u.name, ''),"
		"  (SELECT count(*) FROM app_handovers h WHERE h.app_id = a.id AND h.resolved_at = 0),"
		"  a.creator_id, COALESCE(f.properties, '{}')"
		" FROM apps a"
		" LEFT JOIN users o ON o.id = a.owner_id"
		" LEFT JOIN users m ON m.id = a.maintainer_id"
		" LEFT JOIN users c ON c.id = a.creator_id"
		" LEFT JOIN app_forms f ON f.app_id = a.id"
		"   AND f.stage = CASE WHEN a.live_revision > 0 THEN 'live' ELSE 'preview' END"
		" LEFT JOIN org_units u ON u.id = COALESCE(o.section_id, c.section_id)"
		" ORDER BY a.id", e);
	if (s == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct ledger_app *x = &(*out)[(*n)++];
		x->id = sqlite3_column_int64(s, 0);
		x->code = text0(a, s, 1);
		x->name = text0(a, s, 2);
		x->description = text0(a, s, 3);
		x->info_class = sqlite3_column_int64(s, 4);
		x->flags = sqlite3_column_int64(s, 5);
		x->state = text0(a, s, 6);
		x->registration = text0(a, s, 7);
		if (*x->registration != '{')
			x->registration = "{}";
		x->start_date = text0(a, s, 8);
		x->end_date = text0(a, s, 9);
		x->personal_fields = text0(a, s, 10);
		if (*x->personal_fields != '[')
			x->personal_fields = "[]";
		x->owner_id = sqlite3_column_int64(s, 11);
		x->owner_code = text0(a, s, 12);
		x->owner_name = text0(a, s, 13);
		x->maintainer_id = sqlite3_column_int64(s, 14);
		x->maintainer_code = text0(a, s, 15);
		x->maintainer_name = text0(a, s, 16);
		x->creator_code = text0(a, s, 17);
		x->created_at = text0(a, s, 18);
		x->state_changed_at = text0(a, s, 19);
		x->live_revision = sqlite3_column_int64(s, 20);
		x->acl = text0(a, s, 21);
		x->section_id = sqlite3_column_int64(s, 22);
		x->section_code = text0(a, s, 23);
		x->section_name = text0(a, s, 24);
		x->handovers_open = sqlite3_column_int64(s, 25);
		x->creator_id = sqlite3_column_int64(s, 26);
		x->properties = text0(a, s, 27);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_ledger_record_count(struct store *st, int64_t app_id, int64_t *n, struct err *e)
{
	char sql[96];
	/* The table name comes from the app's numeric id, never from request text. */
	snprintf(sql, sizeof sql, "SELECT count(*) FROM app_%lld", (long long)app_id);
	*n = 0;
	sqlite3_stmt *s = db_prepare(st, sql, e);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*n = sqlite3_column_int64(s, 0);
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_ledger_activity(struct store *st, struct arena *a, struct ledger_activity **out,
			  size_t *n, struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	/* Record reads and writes, comments, files and exports all count as use. */
	sqlite3_stmt *s = db_prepare(st,
		"SELECT app_id, max(at) FROM access_log"
		" WHERE app_id IS NOT NULL AND result = 'ok'"
		"   AND (action GLOB 'record*' OR action GLOB 'comment*' OR action GLOB 'cursor.*'"
		"        OR action = 'file.download' OR action = 'history.read')"
		" GROUP BY app_id", e);
	if (s == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct ledger_activity *x = &(*out)[(*n)++];
		x->app_id = sqlite3_column_int64(s, 0);
		x->last_at = text0(a, s, 1);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_ledger_exports(struct store *st, struct arena *a, struct ledger_export **out,
			 size_t *n, struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st,
		"SELECT l.app_id, l.user_code, COALESCE(u.name, ''), count(*), max(l.at)"
		" FROM access_log l LEFT JOIN users u ON u.id = l.user_id"
		" WHERE l.action = 'records.export' AND l.result = 'ok' AND l.app_id IS NOT NULL"
		" GROUP BY l.app_id, l.user_code ORDER BY l.app_id, max(l.at) DESC", e);
	if (s == NULL)
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct ledger_export *x = &(*out)[(*n)++];
		x->app_id = sqlite3_column_int64(s, 0);
		x->user_code = text0(a, s, 1);
		x->user_name = text0(a, s, 2);
		x->count = sqlite3_column_int64(s, 3);
		x->last_at = text0(a, s, 4);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_ledger_approvals(struct store *st, struct arena *a, int64_t app_id, int64_t from,
			   int64_t to, struct ledger_approval **out, size_t *n, struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st,
		"SELECT p.id, p.app_id, COALESCE(a.name, ''), p.kind, p.status,"
		"  COALESCE(u.code, ''), COALESCE(u.name, ''), p.requested_at, COALESCE(p.decided_at, 0),"
		"  (SELECT json_group_array(json_object('pos', t.pos, 'step', t.step,"
		"     'approver', COALESCE(v.code, ''), 'approverName', COALESCE(v.name, ''),"
		"     'decision', COALESCE(t.decision, ''), 'comment', COALESCE(t.comment, ''),"
		"     'decidedAt', COALESCE(t.decided_at, 0)))"
		"   FROM (SELECT * FROM app_approval_steps WHERE approval_id = p.id ORDER BY pos) t"
		"   LEFT JOIN users v ON v.id = t.approver_id)"
		" FROM app_approvals p LEFT JOIN apps a ON a.id = p.app_id"
		" LEFT JOIN users u ON u.id = p.requested_by"
		" WHERE (?1 = 0 OR p.app_id = ?1)"
		"   AND (?2 = 0 AND ?3 = 0 OR (p.requested_at >= ?2 AND p.requested_at < ?3)"
		"        OR (COALESCE(p.decided_at, 0) >= ?2 AND COALESCE(p.decided_at, 0) < ?3))"
		" ORDER BY p.id", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	sqlite3_bind_int64(s, 2, from);
	sqlite3_bind_int64(s, 3, to);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct ledger_approval *x = &(*out)[(*n)++];
		x->id = sqlite3_column_int64(s, 0);
		x->app_id = sqlite3_column_int64(s, 1);
		x->app_name = text0(a, s, 2);
		x->kind = text0(a, s, 3);
		x->status = text0(a, s, 4);
		x->requested_by = text0(a, s, 5);
		x->requested_by_name = text0(a, s, 6);
		x->requested_at = sqlite3_column_int64(s, 7);
		x->decided_at = sqlite3_column_int64(s, 8);
		x->steps = text0(a, s, 9);
		if (*x->steps != '[')
			x->steps = "[]";
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_ledger_incidents(struct store *st, struct arena *a, int64_t from, int64_t to,
			   struct ledger_incident **out, size_t *n, struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	/* Only the columns of schema step 9 (and status): others extend the table. */
	sqlite3_stmt *s = db_prepare(st,
		"SELECT i.id, i.created_at, i.kind, COALESCE(r.code, ''), COALESCE(u.code, ''),"
		"  i.summary, i.action, i.status"
		" FROM incidents i LEFT JOIN users r ON r.id = i.reporter_id"
		" LEFT JOIN users u ON u.id = i.subject_id"
		" WHERE i.created_at >= ? AND i.created_at < ? ORDER BY i.id LIMIT 10000", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, from);
	sqlite3_bind_int64(s, 2, to);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		struct ledger_incident *x = &(*out)[(*n)++];
		x->id = sqlite3_column_int64(s, 0);
		x->created_at = sqlite3_column_int64(s, 1);
		x->kind = text0(a, s, 2);
		x->reporter = text0(a, s, 3);
		x->subject = text0(a, s, 4);
		x->summary = text0(a, s, 5);
		x->action = text0(a, s, 6);
		x->status = text0(a, s, 7);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

/* The inbox item telling a head that app (name) needs a new owner or maintainer. */
static int notify_head(struct store *st, struct arena *a, int64_t to, int64_t handover_id,
		       int64_t app_id, const char *app_name, const char *role, const char *reason,
		       const char *user_code, int64_t now, struct err *e)
{
	/* The head may take the app over at once (an action); naming someone else is done
	 * on the ledger page or with PUT /api/handover.json. */
	const char *to_code = "";
	sqlite3_stmt *s = db_prepare(st, "SELECT code FROM users WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, to);
	if (sqlite3_step(s) == SQLITE_ROW)
		to_code = text0(a, s, 0);
	db_done(s);
	struct buf d;
	buf_init(&d, 0);
	buf_printf(&d, "{\"actions\":[{\"label\":{\"ja\":\"自分が引き継ぐ\",\"en\":\"Take it over myself\"},"
		   "\"method\":\"PUT\",\"path\":\"/api/handover.json\",\"body\":{\"id\":%lld,\"user\":",
		   (long long)handover_id);
	json_quote(&d, to_code, strlen(to_code));
	buf_puts(&d, "}}],\"facts\":{\"app\":");
	buf_int(&d, app_id);
	buf_puts(&d, ",\"appName\":");
	json_quote(&d, app_name, strlen(app_name));
	buf_printf(&d, ",\"role\":\"%s\",\"reason\":\"%s\",\"user\":", role, reason);
	json_quote(&d, user_code, strlen(user_code));
	buf_printf(&d, ",\"handover\":%lld},\"link\":\"/admin/ledger\"}", (long long)handover_id);
	const char *subject = arena_printf(a,
		"アプリの引継ぎが必要です / App hand-over needed: %s (%s %s: %s)", app_name,
		strcmp(role, "owner") == 0 ? "管理者 owner" : "保守担当 maintainer",
		strcmp(reason, "moved") == 0 ? "異動 moved" : "停止 suspended", user_code);
	int rc = store_inbox_add(st, to, "handover", handover_id, subject, buf_str(&d), now, e);
	buf_free(&d);
	return rc;
}

int store_handover_open(struct store *st, struct arena *a, int64_t user_id, const char *reason,
			int64_t now, size_t *queued, struct err *e)
{
	*queued = 0;
	int64_t head = 0, dept = 0, section = 0;
	if (store_org_heads_of(st, user_id, &head, &dept, e) != 0)
		return -1;
	sqlite3_stmt *s = db_prepare(st, "SELECT COALESCE(section_id, 0), code FROM users WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	const char *user_code = "";
	if (sqlite3_step(s) == SQLITE_ROW) {
		section = sqlite3_column_int64(s, 0);
		user_code = text0(a, s, 1);
	}
	db_done(s);
	/* The section head, else the department head (a head who leaves is not told about
	 * their own apps), else the system administrators. */
	int64_t one_head = head && head != user_id ? head : dept && dept != user_id ? dept : 0;
	int64_t *to = &one_head;
	size_t n_to = one_head ? 1 : 0;
	if (n_to == 0 && store_users_with_roles(st, a, ROLE_SYSTEM_ADMIN, &to, &n_to, e) != 0)
		return -1;
	/* The apps to hand over, read first: the inserts below use the same connection. */
	struct pick {
		int64_t app_id;
		const char *name, *role;
	} *picks;
	size_t np = 0, cap = 8;
	picks = arena_alloc(a, cap * sizeof *picks);
	s = db_prepare(st,
		"SELECT a.id, a.name, r.role FROM apps a"
		" JOIN (SELECT 'owner' AS role UNION ALL SELECT 'maintainer') r"
		"   ON (r.role = 'owner' AND a.owner_id = ?1) OR (r.role = 'maintainer' AND a.maintainer_id = ?1)"
		" WHERE a.state <> 'closed' AND NOT EXISTS (SELECT 1 FROM app_handovers h"
		"   WHERE h.app_id = a.id AND h.user_id = ?1 AND h.role = r.role AND h.resolved_at = 0)"
		" ORDER BY a.id", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, user_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		picks = arena_room(a, picks, np, &cap, sizeof *picks);
		picks[np].app_id = sqlite3_column_int64(s, 0);
		picks[np].name = text0(a, s, 1);
		picks[np].role = text0(a, s, 2);
		np++;
	}
	db_done(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, rc, e);
	for (size_t i = 0; i < np; i++) {
		s = db_prepare(st,
			"INSERT INTO app_handovers(app_id, user_id, role, reason, section_id, created_at)"
			" VALUES (?, ?, ?, ?, NULLIF(?, 0), ?)", e);
		if (s == NULL)
			return -1;
		sqlite3_bind_int64(s, 1, picks[i].app_id);
		sqlite3_bind_int64(s, 2, user_id);
		db_bind_text(s, 3, picks[i].role);
		db_bind_text(s, 4, reason);
		sqlite3_bind_int64(s, 5, section);
		sqlite3_bind_int64(s, 6, now);
		if (db_step_done(st, s, e) != 0)
			return -1;
		int64_t id = sqlite3_last_insert_rowid(st->db);
		for (size_t k = 0; k < n_to; k++)
			if (to[k] != user_id &&
			    notify_head(st, a, to[k], id, picks[i].app_id, picks[i].name, picks[i].role,
					reason, user_code, now, e) != 0)
				return -1;
		(*queued)++;
	}
	return 0;
}

#define HANDOVER_COLS \
	"SELECT h.id, h.app_id, h.user_id, COALESCE(h.section_id, 0), h.created_at, h.resolved_at," \
	"  COALESCE(h.new_user_id, 0), COALESCE(a.name, ''), h.role, h.reason," \
	"  COALESCE(u.code, ''), COALESCE(u.name, ''), COALESCE(o.code, ''), COALESCE(o.name, '')," \
	"  COALESCE(b.code, ''), COALESCE(n.code, ''), COALESCE(o.head_id, 0), COALESCE(d.head_id, 0)" \
	" FROM app_handovers h LEFT JOIN apps a ON a.id = h.app_id" \
	" LEFT JOIN users u ON u.id = h.user_id LEFT JOIN org_units o ON o.id = h.section_id" \
	" LEFT JOIN org_units d ON d.id = o.parent_id" \
	" LEFT JOIN users b ON b.id = h.resolved_by LEFT JOIN users n ON n.id = h.new_user_id"

static void handover_row(struct arena *a, sqlite3_stmt *s, struct handover *h)
{
	h->id = sqlite3_column_int64(s, 0);
	h->app_id = sqlite3_column_int64(s, 1);
	h->user_id = sqlite3_column_int64(s, 2);
	h->section_id = sqlite3_column_int64(s, 3);
	h->created_at = sqlite3_column_int64(s, 4);
	h->resolved_at = sqlite3_column_int64(s, 5);
	h->new_user_id = sqlite3_column_int64(s, 6);
	h->app_name = text0(a, s, 7);
	h->role = text0(a, s, 8);
	h->reason = text0(a, s, 9);
	h->user_code = text0(a, s, 10);
	h->user_name = text0(a, s, 11);
	h->section_code = text0(a, s, 12);
	h->section_name = text0(a, s, 13);
	h->resolved_by = text0(a, s, 14);
	h->new_user_code = text0(a, s, 15);
	h->section_head_id = sqlite3_column_int64(s, 16);
	h->department_head_id = sqlite3_column_int64(s, 17);
}

int store_handover_list(struct store *st, struct arena *a, bool all, struct handover **out,
			size_t *n, struct err *e)
{
	size_t cap = 16;
	*n = 0;
	*out = arena_alloc(a, cap * sizeof **out);
	sqlite3_stmt *s = db_prepare(st,
		HANDOVER_COLS " WHERE ?1 OR h.resolved_at = 0 ORDER BY h.id DESC LIMIT 1000", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int(s, 1, all);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		*out = arena_room(a, *out, *n, &cap, sizeof **out);
		handover_row(a, s, &(*out)[(*n)++]);
	}
	db_done(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_handover_get(struct store *st, struct arena *a, int64_t id, struct handover *h,
		       struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, HANDOVER_COLS " WHERE h.id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		handover_row(a, s, h);
	db_done(s);
	if (rc == SQLITE_DONE)
		return err_field(e, "id", FM_INVALID, NULL);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_handover_resolve(struct store *st, const struct handover *h, int64_t new_user_id,
			   int64_t by, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"UPDATE app_handovers SET resolved_at = ?, resolved_by = ?, new_user_id = ?"
		" WHERE id = ? AND resolved_at = 0", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, now);
	sqlite3_bind_int64(s, 2, by);
	sqlite3_bind_int64(s, 3, new_user_id);
	sqlite3_bind_int64(s, 4, h->id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, strcmp(h->role, "owner") == 0
			   ? "UPDATE apps SET owner_id = ? WHERE id = ?"
			   : "UPDATE apps SET maintainer_id = ? WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, new_user_id);
	sqlite3_bind_int64(s, 2, h->app_id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	return store_inbox_done_ref(st, "handover", h->id, now, e);
}

int store_notice_sent(struct store *st, int64_t app_id, const char *kind, bool *sent,
		      struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT 1 FROM app_notices WHERE app_id = ? AND kind = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	db_bind_text(s, 2, kind);
	int rc = sqlite3_step(s);
	*sent = rc == SQLITE_ROW;
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_notice_set(struct store *st, int64_t app_id, const char *kind, bool sent, int64_t now,
		     struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, sent
		? "INSERT OR IGNORE INTO app_notices(app_id, kind, sent_at) VALUES (?1, ?2, ?3)"
		: "DELETE FROM app_notices WHERE app_id = ?1 AND kind = ?2", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, app_id);
	db_bind_text(s, 2, kind);
	if (sent)
		sqlite3_bind_int64(s, 3, now);
	return db_step_done(st, s, e);
}

unsigned store_ledger_marks(const struct ledger_app *x, const char *last_activity,
			    const char *today, int64_t idle_days)
{
	/* Idle counts from the newest use, else from when the app came into use. */
	const char *since = *x->state_changed_at ? x->state_changed_at : x->created_at;
	struct ledger_facts f = {last_activity, since, x->end_date, strcmp(x->state, "closed") == 0,
				 x->live_revision > 0};
	return ledger_flags(&f, today, idle_days);
}

/* One notice about app x (kind "idle" or "expired") to person `to`. */
static int notice(struct store *st, struct arena *a, int64_t to, const struct ledger_app *x,
		  const char *kind, const char *last, int64_t idle_days, int64_t now, struct err *e)
{
	struct buf d;
	buf_init(&d, 0);
	buf_puts(&d, "{\"facts\":{\"app\":");
	buf_int(&d, x->id);
	buf_puts(&d, ",\"appName\":");
	json_quote(&d, x->name, strlen(x->name));
	buf_printf(&d, ",\"kind\":\"%s\",\"lastActivity\":", kind);
	json_quote(&d, last, strlen(last));
	buf_puts(&d, ",\"endDate\":");
	json_quote(&d, x->end_date, strlen(x->end_date));
	buf_printf(&d, ",\"idleDays\":%lld},\"link\":\"/admin/ledger\"}", (long long)idle_days);
	const char *subject = strcmp(kind, "idle") == 0
		? arena_printf(a, "使われていないアプリ / Idle app: %s (%lld 日 / days)", x->name,
			       (long long)idle_days)
		: arena_printf(a, "利用終了日を過ぎたアプリ / App past its end date: %s (%s)", x->name,
			       x->end_date);
	int rc = store_inbox_add(st, to, strcmp(kind, "idle") == 0 ? "app.idle" : "app.expired", x->id,
				 subject, buf_str(&d), now, e);
	buf_free(&d);
	return rc;
}

int store_ledger_notify(struct store *st, struct arena *a, const char *today, int64_t idle_days,
			int64_t now, size_t *sent, struct err *e)
{
	struct ledger_app *apps;
	struct ledger_activity *act;
	size_t n, n_act;
	*sent = 0;
	if (store_ledger_apps(st, a, &apps, &n, e) != 0 ||
	    store_ledger_activity(st, a, &act, &n_act, e) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		const struct ledger_app *x = &apps[i];
		const char *last = "";
		for (size_t k = 0; k < n_act; k++)
			if (act[k].app_id == x->id)
				last = act[k].last_at;
		unsigned marks = store_ledger_marks(x, last, today, idle_days);
		static const struct {
			unsigned bit;
			const char *kind;
		} kinds[] = {{LEDGER_IDLE, "idle"}, {LEDGER_EXPIRED, "expired"}};
		for (size_t k = 0; k < 2; k++) {
			bool was;
			if (store_notice_sent(st, x->id, kinds[k].kind, &was, e) != 0)
				return -1;
			if (!(marks & kinds[k].bit)) {
				if (was && store_notice_set(st, x->id, kinds[k].kind, false, now, e) != 0)
					return -1;
				continue;
			}
			if (was)
				continue;
			int64_t owner = x->owner_id ? x->owner_id : x->creator_id, head = 0, dept = 0;
			if (store_org_heads_of(st, owner, &head, &dept, e) != 0 ||
			    notice(st, a, owner, x, kinds[k].kind, last, idle_days, now, e) != 0 ||
			    (head && head != owner &&
			     notice(st, a, head, x, kinds[k].kind, last, idle_days, now, e) != 0) ||
			    store_notice_set(st, x->id, kinds[k].kind, true, now, e) != 0)
				return -1;
			*sent += 1 + (head && head != owner);
		}
	}
	return 0;
}
