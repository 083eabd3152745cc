/*
 * store/sealing: ciphertext in the record tables of class I apps, the SQL functions that
 * open it, the migration between sealed and plain, and the queue of keys to destroy
 * after a commit (see sealing.h and docs/ENCRYPTION.md).
 */
#include "store/sealing.h"
#include "store/db_int.h"
#include "core/log.h"
#include "core/xalloc.h"
#include "rules/classes.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const struct store_keyring *keyring;
static atomic_bool wal_scrub;

void db_wal_scrub_request(void)
{
	atomic_store(&wal_scrub, true);
}

bool db_wal_scrub_take(void)
{
	return atomic_exchange(&wal_scrub, false);
}

void store_set_keyring(const struct store_keyring *k)
{
	keyring = k;
}

bool store_keyring_ready(void)
{
	return keyring != NULL;
}

bool db_seal_worth(const char *text, size_t n)
{
	return text != NULL && n > 0 && !(n == 2 && memcmp(text, "[]", 2) == 0);
}

int db_seal(struct store *st, int64_t app, int64_t record, const char *text, size_t n,
	    unsigned char **out, size_t *out_n, struct err *e)
{
	(void)st;
	if (keyring == NULL || keyring->seal(app, record, text, n, out, out_n) != 0)
		return err_set(e, E_CRYPTO_KEYS, "%lld/%lld", (long long)app, (long long)record);
	return 0;
}

int db_fresh_key(struct store *st, int64_t app, int64_t record, struct err *e)
{
	(void)st;
	if (keyring == NULL || keyring->fresh(app, record) != 0)
		return err_set(e, E_CRYPTO_KEYS, "%lld/%lld", (long long)app, (long long)record);
	return 0;
}

/*
 * dc_plain(x) and dc_plain(x, strict): x opened when it is a sealed value (a BLOB),
 * unchanged otherwise. A value whose key is gone reads as NULL, or with strict = 1
 * fails the statement.
 */
static void fn_plain(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	if (sqlite3_value_type(argv[0]) != SQLITE_BLOB) {
		sqlite3_result_value(cx, argv[0]);
		return;
	}
	const unsigned char *c = sqlite3_value_blob(argv[0]);
	size_t n = (size_t)sqlite3_value_bytes(argv[0]);
	char *p = NULL;
	size_t pn = 0;
	if (keyring == NULL || keyring->open(c, n, &p, &pn) != 0) {
		if (argc > 1 && sqlite3_value_int(argv[1]) != 0)
			sqlite3_result_error(cx, "dc_plain: the value's key is gone", -1);
		else
			sqlite3_result_null(cx);
		return;
	}
	sqlite3_result_text(cx, p, (int)pn, free);
}

/* dc_seal(app, record, x): x sealed with the record's key (empty values stay as they are). */
static void fn_seal(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	if (sqlite3_value_type(argv[2]) != SQLITE_TEXT) {
		sqlite3_result_value(cx, argv[2]);
		return;
	}
	const char *t = (const char *)sqlite3_value_text(argv[2]);
	size_t n = (size_t)sqlite3_value_bytes(argv[2]);
	if (!db_seal_worth(t, n)) {
		sqlite3_result_value(cx, argv[2]);
		return;
	}
	unsigned char *out = NULL;
	size_t out_n = 0;
	if (keyring == NULL || keyring->seal(sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1]),
					     t, n, &out, &out_n) != 0) {
		sqlite3_result_error(cx, "dc_seal: the record has no key", -1);
		return;
	}
	sqlite3_result_blob(cx, out, (int)out_n, free);
}

void db_sealing_register(sqlite3 *db)
{
	sqlite3_create_function(db, "dc_plain", 1, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, fn_plain,
				NULL, NULL);
	sqlite3_create_function(db, "dc_plain", 2, SQLITE_UTF8 | SQLITE_INNOCUOUS, NULL, fn_plain,
				NULL, NULL);
	sqlite3_create_function(db, "dc_seal", 3, SQLITE_UTF8 | SQLITE_DIRECTONLY, NULL, fn_seal,
				NULL, NULL);
}

int store_app_sealed(struct store *st, int64_t app_id, bool *sealed, struct err *e)
{
	sqlite3_stmt *q = db_prepare(st, "SELECT sealed FROM apps WHERE id = ?", e);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, app_id);
	int rc = sqlite3_step(q);
	*sealed = rc == SQLITE_ROW && sqlite3_column_int(q, 0) != 0;
	db_done(q);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

/* ---- keys to destroy after the commit ---- */

static void queue_erase(struct store *st, int64_t app, int64_t record, bool disposal)
{
	if (st->n_erase == st->cap_erase) {
		st->cap_erase = st->cap_erase ? st->cap_erase * 2 : 8;
		st->erase = xrealloc(st->erase, st->cap_erase * sizeof *st->erase);
	}
	st->erase[st->n_erase++] = (struct pending_erase){app, record, st->depth, NULL, disposal};
}

static void queue_unlink(struct store *st, const char *path)
{
	queue_erase(st, 0, 0, false);
	st->erase[st->n_erase - 1].path = xstrdup(path);
}

void db_erase_committed(struct store *st)
{
	for (size_t i = 0; i < st->n_erase; i++) {
		struct pending_erase *p = &st->erase[i];
		if (p->path != NULL) {
			unlink(p->path);
			free(p->path);
			p->path = NULL;
			continue;
		}
		if (keyring == NULL || keyring->erase(p->app, p->record, p->disposal) < 0)
			log_error("crypto-erase of app %lld record %lld failed; the key sweep at the"
				  " next start destroys it", (long long)p->app, (long long)p->record);
	}
	st->n_erase = 0;
}

void db_erase_level_closed(struct store *st, int depth, bool rolled_back)
{
	size_t k = 0;
	for (size_t i = 0; i < st->n_erase; i++) {
		struct pending_erase p = st->erase[i];
		if (p.depth >= depth) {
			if (rolled_back) {
				free(p.path);
				continue;
			}
			p.depth = depth - 1;
		}
		st->erase[k++] = p;
	}
	st->n_erase = k;
}

/* ---- migration ---- */

static int open_files(struct store *st, int64_t app_id, struct err *e);

/* Runs one SQL text built by sqlite3_mprintf (freed here) with one app id bound as ?1. */
static int run(struct store *st, char *sql, int64_t app_id, struct err *e)
{
	if (sql == NULL)
		return err_set(e, E_INTERNAL, NULL);
	sqlite3_stmt *q = db_prepare(st, sql, e);
	sqlite3_free(sql);
	if (q == NULL)
		return -1;
	if (sqlite3_bind_parameter_count(q) >= 1)
		sqlite3_bind_int64(q, 1, app_id);
	int rc = sqlite3_step(q);
	db_done(q);
	if (rc == SQLITE_DONE || rc == SQLITE_ROW)
		return 0;
	if (strstr(sqlite3_errmsg(st->db), "dc_plain") != NULL)
		return err_set(e, E_CRYPTO_OPEN, NULL);
	if (strstr(sqlite3_errmsg(st->db), "dc_seal") != NULL)
		return err_set(e, E_CRYPTO_KEYS, "%lld", (long long)app_id);
	return db_fail(st, rc, e);
}

/*
 * Builds "UPDATE table SET fN = dc_seal(?1, <rid>, fN), fN_n = NULL ..." (on) or
 * "... fN = dc_plain(fN, 1), fN_n = <number of the opened text>" (off) over the value
 * columns of a record or subtable table (named f<digits>; NUMBER's shadow is f<digits>_n).
 */
static int convert_table(struct store *st, const char *table, bool child, int64_t app_id,
			 bool on, struct err *e)
{
	sqlite3_stmt *q = db_prepare(st, "SELECT name FROM pragma_table_info(?) ORDER BY cid", e);
	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, table, -1, SQLITE_TRANSIENT);
	char **cols = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(q, 0);
		if (c == NULL || c[0] != 'f' || strspn(c + 1, "0123456789") != strlen(c + 1) || !c[1])
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			cols = xrealloc(cols, cap * sizeof *cols);
		}
		cols[n++] = xstrdup(c);
	}
	db_done(q);
	int out = rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
	/* Which of them have a numeric shadow column. */
	bool *num = xcalloc(n + 1);
	for (size_t i = 0; i < n && out == 0; i++) {
		char *sql = sqlite3_mprintf("SELECT 1 FROM pragma_table_info(?) WHERE name = '%q_n'",
					    cols[i]);
		q = db_prepare(st, sql, e);
		sqlite3_free(sql);
		if (q == NULL) {
			out = -1;
			break;
		}
		sqlite3_bind_text(q, 1, table, -1, SQLITE_TRANSIENT);
		num[i] = sqlite3_step(q) == SQLITE_ROW;
		db_done(q);
	}
	if (out == 0 && n > 0) {
		const char *rid = child ? "record_id" : "id";
		char *sql = sqlite3_mprintf("UPDATE \"%w\" SET ", table);
		for (size_t i = 0; i < n && sql; i++) {
			char *next;
			if (on)
				next = sqlite3_mprintf("%s%s\"%w\" = dc_seal(?1, %s, \"%w\")%s%s%s", sql,
						       i ? ", " : "", cols[i], rid, cols[i],
						       num[i] ? ", \"" : "", num[i] ? cols[i] : "",
						       num[i] ? "_n\" = NULL" : "");
			else if (num[i])
				next = sqlite3_mprintf("%s%s\"%w\" = dc_plain(\"%w\", 1), \"%w_n\" = CAST("
						       "nullif(dc_plain(\"%w\", 1), '') AS NUMERIC)", sql,
						       i ? ", " : "", cols[i], cols[i], cols[i], cols[i]);
			else
				next = sqlite3_mprintf("%s%s\"%w\" = dc_plain(\"%w\", 1)", sql,
						       i ? ", " : "", cols[i], cols[i]);
			sqlite3_free(sql);
			sql = next;
		}
		if (sql) {
			/* ?1 must appear for the bind even when opening. */
			char *full = sqlite3_mprintf("%s WHERE ?1 IS NOT NULL", sql);
			sqlite3_free(sql);
			sql = full;
		}
		out = run(st, sql, app_id, e);
	}
	for (size_t i = 0; i < n; i++)
		free(cols[i]);
	free(cols);
	free(num);
	return out;
}

/* Record ids of an app that have rows or history (arena-free: malloc'd array). */
static int record_ids(struct store *st, int64_t app_id, int64_t **ids, size_t *n, struct err *e)
{
	char *sql = sqlite3_mprintf("SELECT id FROM \"app_%lld\" UNION SELECT record_id FROM"
				    " record_history WHERE app_id = ?1 UNION SELECT record_id FROM"
				    " comment_history WHERE app_id = ?1", (long long)app_id);
	sqlite3_stmt *q = db_prepare(st, sql, e);
	sqlite3_free(sql);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, app_id);
	size_t cap = 0;
	int rc;
	*ids = NULL;
	*n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			*ids = xrealloc(*ids, cap * sizeof **ids);
		}
		(*ids)[(*n)++] = sqlite3_column_int64(q, 0);
	}
	db_done(q);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

static bool record_exists(struct store *st, int64_t app_id, int64_t id)
{
	struct err e;
	err_init(&e, NULL);
	char *sql = sqlite3_mprintf("SELECT 1 FROM \"app_%lld\" WHERE id = ?", (long long)app_id);
	sqlite3_stmt *q = db_prepare(st, sql, &e);
	sqlite3_free(sql);
	if (q == NULL)
		return false;
	sqlite3_bind_int64(q, 1, id);
	bool yes = sqlite3_step(q) == SQLITE_ROW;
	db_done(q);
	return yes;
}

/* Does the app have its record table yet (apps never deployed have none)? */
static bool has_table(struct store *st, int64_t app_id)
{
	struct err e;
	err_init(&e, NULL);
	sqlite3_stmt *q = db_prepare(st, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND"
				     " name = 'app_' || ?", &e);
	if (q == NULL)
		return false;
	sqlite3_bind_int64(q, 1, app_id);
	bool yes = sqlite3_step(q) == SQLITE_ROW;
	db_done(q);
	return yes;
}

static int seal_app(struct store *st, int64_t app_id, bool on, int64_t *records, struct err *e)
{
	bool now;
	if (records)
		*records = 0;
	if (store_app_sealed(st, app_id, &now, e) != 0)
		return -1;
	if (now == on)
		return 0;
	if (keyring == NULL)
		return err_set(e, E_CRYPTO_KEYS, "%lld", (long long)app_id);
	int rc = 0;
	if (has_table(st, app_id)) {
		int64_t *ids = NULL;
		size_t n = 0;
		rc = record_ids(st, app_id, &ids, &n, e);
		for (size_t i = 0; on && rc == 0 && i < n; i++)
			rc = db_fresh_key(st, app_id, ids[i], e);
		/* The tables: the record table, then every subtable's table. */
		char *table = sqlite3_mprintf("app_%lld", (long long)app_id);
		if (rc == 0)
			rc = convert_table(st, table, false, app_id, on, e);
		sqlite3_free(table);
		sqlite3_stmt *q = rc == 0 ? db_prepare(st, "SELECT name FROM sqlite_master WHERE"
						       " type = 'table' AND name GLOB 'app_' || ?"
						       " || '_t[0-9]*'", e) : NULL;
		char *subs[256];
		size_t n_subs = 0;
		if (q != NULL) {
			sqlite3_bind_int64(q, 1, app_id);
			while (sqlite3_step(q) == SQLITE_ROW && n_subs < 256)
				subs[n_subs++] = xstrdup((const char *)sqlite3_column_text(q, 0));
			db_done(q);
		} else if (rc == 0) {
			rc = -1;
		}
		for (size_t i = 0; i < n_subs; i++) {
			if (rc == 0)
				rc = convert_table(st, subs[i], true, app_id, on, e);
			free(subs[i]);
		}
		if (rc == 0)
			rc = run(st, sqlite3_mprintf(on ? "UPDATE comments SET text = dc_seal(app_id,"
						     " record_id, text) WHERE app_id = ?1"
						     : "UPDATE comments SET text = dc_plain(text, 1)"
						     " WHERE app_id = ?1"), app_id, e);
		/* Deleted comments kept for the record (incidents' comment history). */
		if (rc == 0)
			rc = run(st, sqlite3_mprintf(on ? "UPDATE comment_history SET text ="
						     " dc_seal(app_id, record_id, text) WHERE app_id = ?1"
						     : "UPDATE comment_history SET text = coalesce("
						     "dc_plain(text, record_id IN (SELECT id FROM"
						     " \"app_%lld\")), '') WHERE app_id = ?1",
						     (long long)app_id), app_id, e);
		if (rc == 0)
			rc = run(st, sqlite3_mprintf(on ? "UPDATE record_history SET data ="
						     " dc_seal(app_id, record_id, data) WHERE app_id = ?1"
						     : "UPDATE record_history SET data = coalesce("
						     "dc_plain(data, record_id IN (SELECT id FROM"
						     " \"app_%lld\")), 'null') WHERE app_id = ?1",
						     (long long)app_id), app_id, e);
		/* Keys made only for the history of records deleted before: destroyed, so
		 * those old revisions become unreadable. */
		for (size_t i = 0; on && rc == 0 && i < n; i++)
			if (!record_exists(st, app_id, ids[i]))
				queue_erase(st, app_id, ids[i], true);
		if (records) {
			for (size_t i = 0; i < n; i++)
				*records += record_exists(st, app_id, ids[i]);
		}
		free(ids);
	}
	if (rc == 0)
		rc = run(st, sqlite3_mprintf("UPDATE apps SET sealed = %d WHERE id = ?1", on ? 1 : 0),
			 app_id, e);
	/* Attachments: sealed copies made once the app counts as sealed, or opened back. */
	if (rc == 0)
		rc = on ? store_files_seal(st, app_id, 0, e) : open_files(st, app_id, e);
	if (rc == 0 && !on)
		queue_erase(st, app_id, 0, false);
	if (rc == 0 && on)
		db_wal_scrub_request();
	return rc;
}

/*
 * Sealing or opening rewrites every value of the app: with secure_delete ON for its
 * duration, SQLite zeroes the space the old values leave (the connection otherwise runs
 * with FAST, which zeroes only what costs no extra I/O: store/db.c).
 */
int store_app_seal(struct store *st, int64_t app_id, bool on, int64_t *records, struct err *e)
{
	if (db_exec(st, "PRAGMA secure_delete=ON", e) != 0)
		return -1;
	int rc = seal_app(st, app_id, on, records, e);
	struct err ignored;
	err_init(&ignored, NULL);
	db_exec(st, "PRAGMA secure_delete=FAST", &ignored);
	return rc;
}

int store_key_needed(struct store *st, int64_t app_id, int64_t record_id, bool *needed,
		     struct err *e)
{
	bool sealed;
	if (store_app_sealed(st, app_id, &sealed, e) != 0)
		return -1;
	*needed = sealed && has_table(st, app_id) && record_exists(st, app_id, record_id);
	return 0;
}

/* ---- crypto-erase ---- */

/* True when the app's keys were already destroyed by a crypto-erase of the whole app. */
static bool erased_already(struct store *st, int64_t app_id)
{
	struct err e;
	err_init(&e, NULL);
	sqlite3_stmt *q = db_prepare(st, "SELECT 1 FROM disposals WHERE what = 'app' AND app_id = ?", &e);
	if (q == NULL)
		return false;
	sqlite3_bind_int64(q, 1, app_id);
	bool yes = sqlite3_step(q) == SQLITE_ROW;
	db_done(q);
	return yes;
}

int store_crypto_erase_record(struct store *st, int64_t app_id, int64_t record_id,
			      const char *who, int64_t now, struct err *e)
{
	bool sealed;
	if (store_app_sealed(st, app_id, &sealed, e) != 0)
		return -1;
	if (!sealed)
		return 0;
	if (store_disposal_add(st, "record", app_id, record_id, 1, who, now, e) != 0)
		return -1;
	queue_erase(st, app_id, record_id, true);
	return 0;
}

int store_crypto_erase_app(struct store *st, int64_t app_id, const char *who, int64_t now,
			   struct err *e)
{
	bool sealed;
	if (store_app_sealed(st, app_id, &sealed, e) != 0)
		return -1;
	if (!sealed)
		return 0;
	int64_t count = 0;
	if (has_table(st, app_id)) {
		char *sql = sqlite3_mprintf("SELECT count(*) FROM \"app_%lld\"", (long long)app_id);
		sqlite3_stmt *q = db_prepare(st, sql, e);
		sqlite3_free(sql);
		if (q == NULL)
			return -1;
		if (sqlite3_step(q) == SQLITE_ROW)
			count = sqlite3_column_int64(q, 0);
		db_done(q);
	}
	if (store_disposal_add(st, "app", app_id, 0, count, who, now, e) != 0)
		return -1;
	queue_erase(st, app_id, 0, true);
	return 0;
}

int store_crypto_apply(struct store *st, int64_t app_id, const char *who, int64_t now,
		       struct err *e)
{
	sqlite3_stmt *q = db_prepare(st, "SELECT info_class, state, sealed FROM apps WHERE id = ?", e);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, app_id);
	int rc = sqlite3_step(q);
	int rank = rc == SQLITE_ROW ? sqlite3_column_int(q, 0) : 0;
	bool closed = rc == SQLITE_ROW && sqlite3_column_text(q, 1) != NULL &&
		      strcmp((const char *)sqlite3_column_text(q, 1),
			     app_state_name(APP_CLOSED)) == 0;
	bool sealed = rc == SQLITE_ROW && sqlite3_column_int(q, 2) != 0;
	db_done(q);
	if (rc == SQLITE_DONE)
		return err_set(e, E_APP_NOT_FOUND, "%lld", (long long)app_id);
	if (rc != SQLITE_ROW)
		return db_fail(st, rc, e);
	bool want = rank == CLASS_ENCRYPTED_RANK;
	if (closed) {
		/* Closing ends the data: a class I app's keys go (its rows stay as ciphertext
		 * nobody can open; one still plain is sealed first); other classes keep their
		 * data for the retention rules. */
		if ((!sealed && !want) || erased_already(st, app_id))
			return 0;
		if (!sealed && store_app_seal(st, app_id, true, NULL, e) != 0)
			return -1;
		if (store_crypto_erase_app(st, app_id, who, now, e) != 0)
			return -1;
	} else if (want != sealed) {
		if (store_app_seal(st, app_id, want, NULL, e) != 0)
			return -1;
	} else {
		return 0;
	}
	return run(st, sqlite3_mprintf("UPDATE apps SET gov_revision = gov_revision + 1"
				       " WHERE id = ?1"), app_id, e);
}

int store_crypto_set_class(struct store *st, int64_t app_id, int rank, struct err *e)
{
	sqlite3_stmt *q = db_prepare(st, "UPDATE apps SET info_class = ?,"
				     " gov_revision = gov_revision + 1 WHERE id = ?", e);
	if (q == NULL)
		return -1;
	sqlite3_bind_int(q, 1, rank);
	sqlite3_bind_int64(q, 2, app_id);
	if (db_step_done(st, q, e) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return err_set(e, E_APP_NOT_FOUND, "%lld", (long long)app_id);
	return 0;
}

/* ---- attachments ---- */

bool store_blob_sealed(const char *sha256)
{
	return sha256 != NULL && strncmp(sha256, "sealed-", 7) == 0;
}

static void blob_file(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/files/%.2s/%s", store_data_dir(), name, name);
}

/* Removes a blob's row and (after the commit) its bytes when no file row refers to it. */
static int drop_unused_blob(struct store *st, const char *sha, struct err *e)
{
	sqlite3_stmt *q = db_prepare(st, "DELETE FROM blobs WHERE sha256 = ? AND NOT EXISTS"
				     " (SELECT 1 FROM files WHERE files.sha256 = blobs.sha256)", e);
	if (q == NULL)
		return -1;
	db_bind_text(q, 1, sha);
	if (db_step_done(st, q, e) != 0)
		return -1;
	if (sqlite3_changes(st->db) > 0) {
		char path[900];
		blob_file(path, sizeof path, sha);
		queue_unlink(st, path);
	}
	return 0;
}

struct file_job {
	char key[129];		/* files.key */
	char sha[80];		/* its blob */
	int64_t record;		/* the record */
	int64_t uploader;	/* who uploaded it */
	int64_t size;		/* plaintext bytes */
};

/* Files rows of an app (record 0: all its records) whose blob is (not) sealed. */
static int file_jobs(struct store *st, int64_t app_id, int64_t record_id, bool sealed,
		     struct file_job **out, size_t *n, struct err *e)
{
	sqlite3_stmt *q = db_prepare(st, "SELECT key, sha256, record_id, uploader_id, size FROM files"
				     " WHERE app_id = ?1 AND record_id IS NOT NULL AND (?2 = 0 OR"
				     " record_id = ?2) AND (sha256 GLOB 'sealed-*') = ?3", e);
	if (q == NULL)
		return -1;
	sqlite3_bind_int64(q, 1, app_id);
	sqlite3_bind_int64(q, 2, record_id);
	sqlite3_bind_int(q, 3, sealed ? 1 : 0);
	size_t cap = 0;
	int rc;
	*out = NULL;
	*n = 0;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			*out = xrealloc(*out, cap * sizeof **out);
		}
		struct file_job *j = &(*out)[(*n)++];
		snprintf(j->key, sizeof j->key, "%s", (const char *)sqlite3_column_text(q, 0));
		snprintf(j->sha, sizeof j->sha, "%s", (const char *)sqlite3_column_text(q, 1));
		j->record = sqlite3_column_int64(q, 2);
		j->uploader = sqlite3_column_int64(q, 3);
		j->size = sqlite3_column_int64(q, 4);
	}
	db_done(q);
	return rc == SQLITE_DONE ? 0 : db_fail(st, rc, e);
}

/* Points a file row at another blob (registering the blob first). */
static int repoint(struct store *st, const char *key, const char *blob, int64_t size, struct err *e)
{
	sqlite3_stmt *q = db_prepare(st, "INSERT OR IGNORE INTO blobs(sha256, size) VALUES (?, ?)", e);
	if (q == NULL)
		return -1;
	db_bind_text(q, 1, blob);
	sqlite3_bind_int64(q, 2, size);
	if (db_step_done(st, q, e) != 0)
		return -1;
	/* The file's name goes with its bytes: sealed with them, opened with them. */
	q = db_prepare(st, "UPDATE files SET sha256 = ?1, name = CASE WHEN ?1 GLOB 'sealed-*'"
		       " THEN dc_seal(app_id, record_id, name) ELSE dc_plain(name, 1) END WHERE key = ?2", e);
	if (q == NULL)
		return -1;
	db_bind_text(q, 1, blob);
	db_bind_text(q, 2, key);
	int rc = sqlite3_step(q);
	db_done(q);
	if (rc == SQLITE_DONE)
		return 0;
	if (strstr(sqlite3_errmsg(st->db), "dc_") != NULL)
		return err_set(e, E_CRYPTO_OPEN, NULL);
	return db_fail(st, rc, e);
}

static int seal_one(struct store *st, int64_t app_id, const struct file_job *j, struct err *e)
{
	unsigned char rnd[24];
	char name[64], in[900], out[900], dir[800];
	sqlite3_randomness(sizeof rnd, rnd);
	int at = snprintf(name, sizeof name, "sealed-");
	for (size_t i = 0; i < sizeof rnd; i++)
		at += snprintf(name + at, sizeof name - (size_t)at, "%02x", rnd[i]);
	blob_file(in, sizeof in, j->sha);
	blob_file(out, sizeof out, name);
	snprintf(dir, sizeof dir, "%s/files/se", store_data_dir());
	mkdir(dir, 0700);
	if (keyring->seal_file(app_id, j->record, in, out) != 0)
		return err_set(e, E_CRYPTO_KEYS, "%lld/%lld", (long long)app_id, (long long)j->record);
	if (repoint(st, j->key, name, j->size, e) != 0) {
		unlink(out);
		return -1;
	}
	/* The uploader's spent upload key of these bytes goes with the plaintext. */
	sqlite3_stmt *q = db_prepare(st, "DELETE FROM files WHERE app_id IS NULL AND sha256 = ?"
				     " AND uploader_id = ?", e);
	if (q == NULL)
		return -1;
	db_bind_text(q, 1, j->sha);
	sqlite3_bind_int64(q, 2, j->uploader);
	if (db_step_done(st, q, e) != 0)
		return -1;
	return drop_unused_blob(st, j->sha, e);
}

int store_files_seal(struct store *st, int64_t app_id, int64_t record_id, struct err *e)
{
	bool sealed;
	if (store_app_sealed(st, app_id, &sealed, e) != 0)
		return -1;
	if (!sealed)
		return 0;
	if (keyring == NULL || keyring->seal_file == NULL)
		return err_set(e, E_CRYPTO_KEYS, "%lld", (long long)app_id);
	struct file_job *jobs;
	size_t n;
	if (file_jobs(st, app_id, record_id, false, &jobs, &n, e) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = seal_one(st, app_id, &jobs[i], e);
	free(jobs);
	return rc;
}

/* Opens every sealed attachment of an app back into content-addressed blobs. */
static int open_files(struct store *st, int64_t app_id, struct err *e)
{
	struct file_job *jobs;
	size_t n;
	if (file_jobs(st, app_id, 0, true, &jobs, &n, e) != 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		char in[900], tmp[900], path[900], dir[800], sha[80];
		blob_file(in, sizeof in, jobs[i].sha);
		snprintf(tmp, sizeof tmp, "%s/tmp/open-%s", store_data_dir(), jobs[i].key);
		if (keyring->open_file(in, tmp, sha) != 0) {
			rc = err_set(e, E_CRYPTO_OPEN, NULL);
			break;
		}
		snprintf(dir, sizeof dir, "%s/files/%.2s", store_data_dir(), sha);
		mkdir(dir, 0700);
		blob_file(path, sizeof path, sha);
		if (rename(tmp, path) != 0) {
			unlink(tmp);
			rc = err_set(e, E_STORAGE, NULL);
			break;
		}
		rc = repoint(st, jobs[i].key, sha, jobs[i].size, e);
		if (rc == 0)
			rc = drop_unused_blob(st, jobs[i].sha, e);
	}
	free(jobs);
	return rc;
}

int store_crypto_reconcile(struct store *st, int64_t now, struct err *e)
{
	char *sql = sqlite3_mprintf(
		"SELECT a.id FROM apps a WHERE (a.state != '%q' AND (a.info_class = %d) != (a.sealed != 0))"
		" OR (a.state = '%q' AND (a.sealed != 0 OR a.info_class = %d) AND NOT EXISTS"
		" (SELECT 1 FROM disposals d WHERE d.what = 'app' AND d.app_id = a.id)) ORDER BY a.id",
		app_state_name(APP_CLOSED), CLASS_ENCRYPTED_RANK, app_state_name(APP_CLOSED),
		CLASS_ENCRYPTED_RANK);
	sqlite3_stmt *q = db_prepare(st, sql, e);
	sqlite3_free(sql);
	if (q == NULL)
		return -1;
	int64_t ids[256];
	size_t n = 0;
	while (sqlite3_step(q) == SQLITE_ROW && n < 256)
		ids[n++] = sqlite3_column_int64(q, 0);
	db_done(q);
	int changed = 0;
	for (size_t i = 0; i < n; i++) {
		if (store_begin(st, e) != 0)
			return -1;
		if (store_crypto_apply(st, ids[i], "daicho", now, e) != 0 || store_commit(st, e) != 0) {
			store_rollback(st);
			log_error("app %lld: its encryption could not be brought in line with its class",
				  (long long)ids[i]);
			return -1;
		}
		changed++;
	}
	if (changed > 0)
		log_info("encryption brought in line with the class of %d apps", changed);
	return changed;
}
