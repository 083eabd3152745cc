/*
 * store/accesslog: appending to the access log with its chain hash, the journal's
 * progress, the anchor and the purge, signed checkpoints, and the auditor's searches and
 * daily analysis (store/audit.h). The table refuses UPDATE, and DELETE except through
 * the purge's gate, by trigger (store/migrate.c).
 */
#include "store/audit.h"
#include "store/db_int.h"
#include "core/arena.h"
#include "core/buf.h"
#include "core/strutil.h"

#include <string.h>

#define LOG_COLS "id, at, user_id, user_code, auth, token_id, app_id, action, record_ids," \
		 " result, status, code, client, request_id, hash"

int store_log_insert(struct store *st, const struct log_entry *l, int64_t id, const char *hash,
		     struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO access_log(id, at, user_id, user_code, auth, token_id, app_id, action,"
		" record_ids, result, status, code, client, request_id, hash)"
		" VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	db_bind_text(s, 2, l->at);
	if (l->user_id > 0)
		sqlite3_bind_int64(s, 3, l->user_id);
	db_bind_text(s, 4, l->user_code ? l->user_code : "");
	db_bind_text(s, 5, l->auth);
	if (l->token_id > 0)
		sqlite3_bind_int64(s, 6, l->token_id);
	if (l->app_id > 0)
		sqlite3_bind_int64(s, 7, l->app_id);
	db_bind_text(s, 8, l->action);
	db_bind_text(s, 9, l->record_ids ? l->record_ids : "[]");
	db_bind_text(s, 10, l->result);
	sqlite3_bind_int(s, 11, l->status);
	db_bind_text(s, 12, l->code ? l->code : "");
	db_bind_text(s, 13, l->client ? l->client : "");
	db_bind_text(s, 14, l->request_id ? l->request_id : "");
	db_bind_text(s, 15, hash);
	return db_step_done(st, s, e);
}

int store_read_begin(struct store *st, struct err *e)
{
	if (st->depth > 0 || !sqlite3_get_autocommit(st->db))
		return 0;
	return db_exec(st, "BEGIN", e);
}

void store_read_end(struct store *st)
{
	struct err e;
	err_init(&e, NULL);
	if (st->depth == 0 && !sqlite3_get_autocommit(st->db))
		db_exec(st, "COMMIT", &e);
}

static void copy_hex(char *out, size_t size, const unsigned char *v)
{
	str_copy(out, v ? (const char *)v : "", size);
}

int store_log_anchor(struct store *st, struct log_anchor *an, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT entry_id, hash, count, COALESCE(checkpoint_id, 0) FROM audit_anchor WHERE id = 1", e);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	memset(an, 0, sizeof *an);
	if (rc == SQLITE_ROW) {
		an->entry_id = sqlite3_column_int64(s, 0);
		copy_hex(an->hash, sizeof an->hash, sqlite3_column_text(s, 1));
		an->count = sqlite3_column_int64(s, 2);
		an->checkpoint_id = sqlite3_column_int64(s, 3);
	}
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_log_head(struct store *st, struct log_head *h, struct err *e)
{
	struct log_anchor an;
	if (store_log_anchor(st, &an, e) != 0)
		return -1;
	h->id = an.entry_id;
	h->count = an.count;
	str_copy(h->hash, an.hash, sizeof h->hash);
	sqlite3_stmt *s = db_prepare(st, "SELECT id, hash FROM access_log ORDER BY id DESC LIMIT 1", e);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_int64(s, 0) > an.entry_id) {
		h->id = sqlite3_column_int64(s, 0);
		h->count = an.count + (h->id - an.entry_id);
		copy_hex(h->hash, sizeof h->hash, sqlite3_column_text(s, 1));
	}
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

static void read_row(struct arena *a, sqlite3_stmt *s, struct log_row *r)
{
	memset(r, 0, sizeof *r);
	r->id = sqlite3_column_int64(s, 0);
	r->l.at = db_col_text(a, s, 1);
	r->l.user_id = sqlite3_column_int64(s, 2);
	r->l.user_code = db_col_text(a, s, 3);
	r->l.auth = db_col_text(a, s, 4);
	r->l.token_id = sqlite3_column_int64(s, 5);
	r->l.app_id = sqlite3_column_int64(s, 6);
	r->l.action = db_col_text(a, s, 7);
	r->l.record_ids = db_col_text(a, s, 8);
	r->l.result = db_col_text(a, s, 9);
	r->l.status = sqlite3_column_int(s, 10);
	r->l.code = db_col_text(a, s, 11);
	r->l.client = db_col_text(a, s, 12);
	r->l.request_id = db_col_text(a, s, 13);
	r->hash = db_col_text(a, s, 14);
}

static int read_rows(struct store *st, struct arena *a, sqlite3_stmt *s, size_t max,
		     struct log_row **out, size_t *n, struct err *e)
{
	size_t cap = 0;
	struct log_row *rows = arena_room(a, NULL, 0, &cap, sizeof *rows);
	int rc;
	*n = 0;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max) {
		rows = arena_room(a, rows, *n, &cap, sizeof *rows);
		read_row(a, s, &rows[(*n)++]);
	}
	db_done(s);
	*out = rows;
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_log_page(struct store *st, struct arena *a, int64_t after, size_t max,
		   struct log_row **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT " LOG_COLS " FROM access_log WHERE id > ? ORDER BY id LIMIT ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, after);
	sqlite3_bind_int64(s, 2, (int64_t)max);
	return read_rows(st, a, s, max, out, n, e);
}

int store_log_get(struct store *st, struct arena *a, int64_t id, struct log_row *r, bool *found,
		  struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT " LOG_COLS " FROM access_log WHERE id = ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	*found = rc == SQLITE_ROW;
	if (*found)
		read_row(a, s, r);
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_log_last_before(struct store *st, const char *before, int64_t *id, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT COALESCE(max(id), 0) FROM access_log WHERE at < ?", e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, before);
	int rc = sqlite3_step(s);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, rc, e);
}

int store_log_purge(struct store *st, const struct log_anchor *an, int64_t *deleted,
		    struct err *e)
{
	sqlite3_stmt *s;
	*deleted = 0;
	if (db_exec(st, "UPDATE audit_gate SET open = 1 WHERE id = 1", e) != 0)
		return -1;
	s = db_prepare(st, "UPDATE audit_anchor SET entry_id = ?, hash = ?, count = ?,"
			   " checkpoint_id = ? WHERE id = 1", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, an->entry_id);
	db_bind_text(s, 2, an->hash);
	sqlite3_bind_int64(s, 3, an->count);
	if (an->checkpoint_id > 0)
		sqlite3_bind_int64(s, 4, an->checkpoint_id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	s = db_prepare(st, "DELETE FROM access_log WHERE id <= ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, an->entry_id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	*deleted = sqlite3_changes64(st->db);
	return db_exec(st, "UPDATE audit_gate SET open = 0 WHERE id = 1", e);
}

int store_checkpoint_add(struct store *st, struct audit_checkpoint *c, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"INSERT INTO audit_checkpoints(entry_id, hash, count, at, reason, public_key, signature)"
		" VALUES (?, ?, ?, ?, ?, ?, ?)", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, c->entry_id);
	db_bind_text(s, 2, c->hash);
	sqlite3_bind_int64(s, 3, c->count);
	db_bind_text(s, 4, c->at);
	db_bind_text(s, 5, c->reason);
	db_bind_text(s, 6, c->public_key);
	db_bind_text(s, 7, c->signature);
	if (db_step_done(st, s, e) != 0)
		return -1;
	c->id = sqlite3_last_insert_rowid(st->db);
	return 0;
}

static void read_checkpoint(sqlite3_stmt *s, struct audit_checkpoint *c)
{
	memset(c, 0, sizeof *c);
	c->id = sqlite3_column_int64(s, 0);
	c->entry_id = sqlite3_column_int64(s, 1);
	copy_hex(c->hash, sizeof c->hash, sqlite3_column_text(s, 2));
	c->count = sqlite3_column_int64(s, 3);
	copy_hex(c->at, sizeof c->at, sqlite3_column_text(s, 4));
	copy_hex(c->reason, sizeof c->reason, sqlite3_column_text(s, 5));
	copy_hex(c->public_key, sizeof c->public_key, sqlite3_column_text(s, 6));
	copy_hex(c->signature, sizeof c->signature, sqlite3_column_text(s, 7));
}

#define CP_COLS "id, entry_id, hash, count, at, reason, public_key, signature"

int store_checkpoint_latest(struct store *st, struct audit_checkpoint *c, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT " CP_COLS " FROM audit_checkpoints ORDER BY id DESC LIMIT 1", e);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		read_checkpoint(s, c);
	db_done(s);
	if (rc == SQLITE_ROW)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_checkpoint_list(struct store *st, struct arena *a, size_t max,
			  struct audit_checkpoint **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st,
		"SELECT " CP_COLS " FROM audit_checkpoints ORDER BY id DESC LIMIT ?", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, (int64_t)max);
	*out = arena_alloc(a, (max ? max : 1) * sizeof **out);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < max)
		read_checkpoint(s, &(*out)[(*n)++]);
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_checkpoint_each(struct store *st, int (*fn)(void *ctx, const struct audit_checkpoint *c),
			  void *ctx, struct err *e)
{
	/* Its own statement: fn may read the log meanwhile. */
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT " CP_COLS " FROM audit_checkpoints ORDER BY id", -1,
			       &s, NULL) != SQLITE_OK)
		return db_fail(st, sqlite3_errcode(st->db), e);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_checkpoint c;
		read_checkpoint(s, &c);
		if (fn(ctx, &c) != 0) {
			rc = SQLITE_DONE;
			break;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

/*
 * The WHERE clause of a search with only the filters given (so that a time range uses
 * the index on at); bind_filter binds them in the same order.
 */
static void search_where(struct buf *q, const struct log_filter *f)
{
	const char *and = " WHERE ";
#define CLAUSE(cond, text) do { if (cond) { buf_printf(q, "%s%s", and, text); and = " AND "; } } while (0)
	CLAUSE(f->from && *f->from, "at >= ?");
	CLAUSE(f->to && *f->to, "at < ?");
	CLAUSE(f->user && *f->user, "user_code = ?");
	CLAUSE(f->app_id > 0, "app_id = ?");
	if (f->action && *f->action) {
		size_t n = strlen(f->action);
		CLAUSE(f->action[n - 1] != '*', "action = ?");
		CLAUSE(f->action[n - 1] == '*', "substr(action, 1, ?) = ?");	/* a prefix */
	}
	CLAUSE(f->result && *f->result, "result = ?");
#undef CLAUSE
}

static int bind_filter(sqlite3_stmt *s, const struct log_filter *f)
{
	int i = 0;
	if (f->from && *f->from)
		db_bind_text(s, ++i, f->from);
	if (f->to && *f->to)
		db_bind_text(s, ++i, f->to);
	if (f->user && *f->user)
		db_bind_text(s, ++i, f->user);
	if (f->app_id > 0)
		sqlite3_bind_int64(s, ++i, f->app_id);
	if (f->action && *f->action) {
		size_t n = strlen(f->action);
		if (f->action[n - 1] == '*') {
			sqlite3_bind_int64(s, ++i, (int64_t)(n - 1));
			sqlite3_bind_text(s, ++i, f->action, (int)(n - 1), SQLITE_TRANSIENT);
		} else {
			db_bind_text(s, ++i, f->action);
		}
	}
	if (f->result && *f->result)
		db_bind_text(s, ++i, f->result);
	return i;
}

int store_log_search(struct store *st, struct arena *a, const struct log_filter *f,
		     int64_t offset, int64_t limit, struct log_row **out, size_t *n, int64_t *total,
		     struct err *e)
{
	struct buf q;
	buf_init(&q, 0);
	buf_puts(&q, "SELECT count(*) FROM access_log");
	search_where(&q, f);
	sqlite3_stmt *s = db_prepare(st, buf_str(&q), e);
	if (s == NULL) {
		buf_free(&q);
		return -1;
	}
	bind_filter(s, f);
	int rc = sqlite3_step(s);
	*total = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	if (rc != SQLITE_ROW) {
		buf_free(&q);
		return db_fail(st, rc, e);
	}
	buf_reset(&q);
	buf_puts(&q, "SELECT " LOG_COLS " FROM access_log");
	search_where(&q, f);
	buf_puts(&q, " ORDER BY id DESC LIMIT ? OFFSET ?");
	s = db_prepare(st, buf_str(&q), e);
	buf_free(&q);
	if (s == NULL)
		return -1;
	int i = bind_filter(s, f);
	sqlite3_bind_int64(s, i + 1, limit);
	sqlite3_bind_int64(s, i + 2, offset);
	return read_rows(st, a, s, (size_t)limit, out, n, e);
}

/*
 * The analysis by UTC day over [from, to): entries, refusals, off-hours attempts (codes
 * of the working-hours rule, DC_HR*), reads of an app by a user who did not read it in
 * the 30 days before, bulk reads (a request of >= 100 records, or a user's >= 1000
 * records of one app in a day) and administrator actions (admin.*). Everything reads
 * the range (and the 30 days before it) through the index on at.
 */
static const char REPORT_SQL[] =
	"WITH r AS (SELECT substr(at, 1, 10) AS day, user_code, app_id,"
	"    json_array_length(record_ids) AS n FROM access_log"
	"    WHERE at >= strftime('%Y-%m-%d', ?1, '-30 days') AND at < ?2"
	"    AND result = 'ok' AND action LIKE '%.read' AND app_id IS NOT NULL),"
	" pairs AS (SELECT day, user_code, app_id, sum(n) AS n FROM r GROUP BY day, user_code, app_id),"
	" days AS (SELECT substr(at, 1, 10) AS day, count(*) AS entries,"
	"    sum(result = 'denied') AS refusals, sum(code LIKE 'DC_HR%') AS off_hours,"
	"    sum(action LIKE 'admin.%') AS admin_actions,"
	"    sum(result = 'ok' AND action LIKE '%.read' AND json_array_length(record_ids) >= 100) AS big"
	"    FROM access_log WHERE at >= ?1 AND at < ?2 GROUP BY 1)"
	" SELECT d.day, d.entries, d.refusals, d.off_hours, d.admin_actions,"
	"  d.big + (SELECT count(*) FROM pairs p WHERE p.day = d.day AND p.n >= 1000),"
	"  (SELECT count(*) FROM pairs p WHERE p.day = d.day AND NOT EXISTS ("
	"     SELECT 1 FROM pairs q WHERE q.user_code = p.user_code AND q.app_id = p.app_id"
	"     AND q.day < p.day AND q.day >= date(p.day, '-30 days')))"
	" FROM days d ORDER BY d.day LIMIT 366";

int store_log_report(struct store *st, struct arena *a, const char *from, const char *to,
		     struct log_day **out, size_t *n, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, REPORT_SQL, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, from);
	db_bind_text(s, 2, to);
	*out = arena_alloc(a, 366 * sizeof **out);
	*n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW && *n < 366) {
		struct log_day *d = &(*out)[(*n)++];
		copy_hex(d->day, sizeof d->day, sqlite3_column_text(s, 0));
		d->entries = sqlite3_column_int64(s, 1);
		d->refusals = sqlite3_column_int64(s, 2);
		d->off_hours = sqlite3_column_int64(s, 3);
		d->admin_actions = sqlite3_column_int64(s, 4);
		d->bulk_reads = sqlite3_column_int64(s, 5);
		d->unusual_reads = sqlite3_column_int64(s, 6);
	}
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_journal_offset(struct store *st, int64_t *off, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "SELECT offset FROM journal_state WHERE id = 1", e);
	if (s == NULL)
		return -1;
	int rc = sqlite3_step(s);
	*off = rc == SQLITE_ROW ? sqlite3_column_int64(s, 0) : 0;
	db_done(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

int store_journal_offset_set(struct store *st, int64_t off, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, "UPDATE journal_state SET offset = ? WHERE id = 1", e);
	if (s == NULL)
		return -1;
	sqlite3_bind_int64(s, 1, off);
	return db_step_done(st, s, e);
}
