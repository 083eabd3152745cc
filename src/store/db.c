/*
 * db: SQLite connections, the per-connection statement cache, transactions and the
 * mapping of SQLite failures to daicho errors.
 */
#include "store/db_int.h"
#include "core/arena.h"
#include "core/log.h"
#include "core/strutil.h"
#include "core/xalloc.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char data_dir[512];
static char db_path[600];
static char sync_mode[8] = "normal";
static bool background_checkpoints;
/* Each thread's connection; closed by the key's destructor when the thread ends. */
static pthread_key_t thread_key;
static pthread_once_t thread_key_once = PTHREAD_ONCE_INIT;

static void close_at_exit(void *p)
{
	db_close(p);
	db_forget_names();
}

static void make_key(void)
{
	pthread_key_create(&thread_key, close_at_exit);
}

const char *store_data_dir(void)
{
	return data_dir;
}

int db_fail(struct store *st, int rc, struct err *e)
{
	int prim = rc & 0xff;
	const char *msg = st && st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	if (prim == SQLITE_BUSY || prim == SQLITE_LOCKED)
		return err_set(e, E_BUSY, NULL);
	if (prim == SQLITE_FULL || prim == SQLITE_IOERR || prim == SQLITE_CANTOPEN ||
	    prim == SQLITE_READONLY || prim == SQLITE_CORRUPT || prim == SQLITE_NOTADB) {
		log_error("storage: %s", msg);
		return err_set(e, E_STORAGE, NULL);
	}
	log_error("database: %s", msg);
	return err_set(e, E_INTERNAL, NULL);
}

int db_exec(struct store *st, const char *sql, struct err *e)
{
	char *msg = NULL;
	int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
	sqlite3_free(msg);
	if (rc != SQLITE_OK)
		return db_fail(st, rc, e);
	return 0;
}

/* FNV-1a over the statement text. */
static uint64_t sql_hash(const char *s)
{
	uint64_t h = 14695981039346656037ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

sqlite3_stmt *db_prepare(struct store *st, const char *sql, struct err *e)
{
	struct stmt_slot *victim = &st->cache[0];
	uint64_t h = sql_hash(sql);
	st->tick++;
	for (int i = 0; i < STMT_CACHE; i++) {
		struct stmt_slot *s = &st->cache[i];
		if (s->hash == h && s->sql != NULL && strcmp(s->sql, sql) == 0) {
			s->used = st->tick;
			return s->stmt;
		}
		if (s->used < victim->used)
			victim = s;
	}
	sqlite3_stmt *stmt = NULL;
	int rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
	if (rc != SQLITE_OK) {
		db_fail(st, rc, e);
		return NULL;
	}
	if (victim->stmt)
		sqlite3_finalize(victim->stmt);
	free(victim->sql);
	victim->sql = xstrdup(sql);
	victim->hash = h;
	victim->stmt = stmt;
	victim->used = st->tick;
	return stmt;
}

void db_done(sqlite3_stmt *s)
{
	if (s == NULL)
		return;
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
}

int db_step_done(struct store *st, sqlite3_stmt *s, struct err *e)
{
	int rc = sqlite3_step(s);
	db_done(s);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return db_fail(st, rc, e);
	return 0;
}

void db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v == NULL)
		sqlite3_bind_null(s, i);
	else
		sqlite3_bind_text(s, i, v, -1, SQLITE_TRANSIENT);
}

char *db_col_text(struct arena *a, sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	if (t == NULL)
		return NULL;
	return arena_strndup(a, (const char *)t, (size_t)sqlite3_column_bytes(s, i));
}

int db_open(const char *path, struct store **out, struct err *e)
{
	struct store *st = xcalloc(sizeof *st);
	int rc = sqlite3_open_v2(path, &st->db,
				 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		log_error("cannot open database %s: %s", path,
			  st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc));
		sqlite3_close(st->db);
		free(st);
		return err_set(e, E_STORAGE, NULL);
	}
	sqlite3_extended_result_codes(st->db, 1);
	db_sealing_register(st->db);
	sqlite3_busy_timeout(st->db, 10000);
	/* Keep hostile SQL from our own compiler bounded too. */
	sqlite3_limit(st->db, SQLITE_LIMIT_LENGTH, 1 << 30);
	char pragmas[320];
	/* Checkpoints are the background thread's (store_checkpoint), not a request's.
	 * No memory-mapped I/O: the access log makes the file grow all the time, and each
	 * growth made every connection remap it, a page-table flush across all threads
	 * (measured: reads 1.7x faster with plain reads from the page cache).
	 * secure_delete=FAST: deleted content is zeroed where that costs no extra I/O;
	 * sealing an app (class I, store/sealing.c) switches it fully on, so values
	 * rewritten as ciphertext leave no plaintext behind in the file once the
	 * write-ahead log is checkpointed (docs/ENCRYPTION.md). */
	snprintf(pragmas, sizeof pragmas,
		 "PRAGMA journal_mode=WAL; PRAGMA synchronous=%s; PRAGMA foreign_keys=ON;"
		 "PRAGMA cache_size=-16384; PRAGMA mmap_size=0; PRAGMA temp_store=MEMORY;"
		 "PRAGMA wal_autocheckpoint=%d; PRAGMA journal_size_limit=67108864;"
		 "PRAGMA secure_delete=FAST;",
		 sync_mode, background_checkpoints ? 0 : 1000);
	if (db_exec(st, pragmas, e) != 0) {
		db_close(st);
		return -1;
	}
	*out = st;
	return 0;
}

void db_close(struct store *st)
{
	if (st == NULL)
		return;
	for (int i = 0; i < STMT_CACHE; i++) {
		if (st->cache[i].stmt)
			sqlite3_finalize(st->cache[i].stmt);
		free(st->cache[i].sql);
	}
	sqlite3_close(st->db);
	free(st->erase);
	free(st);
}

static int make_dir(const char *path, struct err *e)
{
	if (mkdir(path, 0700) != 0 && errno != EEXIST) {
		log_error("cannot create directory %s: %s", path, strerror(errno));
		return err_set(e, E_STORAGE, NULL);
	}
	return 0;
}

int store_global_init(const char *dir, const char *sync, struct err *e)
{
	char sub[700];
	if (strlen(dir) >= sizeof data_dir - 32) {
		log_error("data directory path too long");
		return err_set(e, E_STORAGE, NULL);
	}
	str_copy(data_dir, dir, sizeof data_dir);
	str_copy(sync_mode, strcmp(sync, "full") == 0 ? "FULL" : "NORMAL", sizeof sync_mode);
	if (make_dir(data_dir, e) != 0)
		return -1;
	static const char *const subdirs[] = {"files", "tmp"};
	for (size_t i = 0; i < sizeof subdirs / sizeof subdirs[0]; i++) {
		snprintf(sub, sizeof sub, "%s/%s", data_dir, subdirs[i]);
		if (make_dir(sub, e) != 0)
			return -1;
	}
	snprintf(db_path, sizeof db_path, "%s/daicho.db", data_dir);
	struct store *st;
	if (db_open(db_path, &st, e) != 0)
		return -1;
	int rc = db_migrate(st, e);
	db_close(st);
	return rc;
}

struct store *store_thread(void)
{
	pthread_once(&thread_key_once, make_key);
	struct store *st = pthread_getspecific(thread_key);
	if (st == NULL) {
		struct err e;
		err_init(&e, NULL);
		if (db_open(db_path, &st, &e) != 0)
			return NULL;
		pthread_setspecific(thread_key, st);
	}
	return st;
}

void store_thread_close(void)
{
	pthread_once(&thread_key_once, make_key);
	db_close(pthread_getspecific(thread_key));
	pthread_setspecific(thread_key, NULL);
	db_forget_names();
}

/*
 * Writers of this process queue here instead of in SQLite's busy handler, which sleeps
 * 1, 2, 5 ... 100 ms between tries: a waiting writer starts the moment the previous
 * one commits. (Other processes, such as `daicho user`, still meet the busy timeout.)
 */
static pthread_mutex_t writer = PTHREAD_MUTEX_INITIALIZER;

/* Runs one cached transaction-control statement. */
static int control(struct store *st, const char *sql, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, sql, e);
	return s == NULL ? -1 : db_step_done(st, s, e);
}

int store_begin(struct store *st, struct err *e)
{
	if (st->depth == 0)
		pthread_mutex_lock(&writer);
	int rc = control(st, st->depth == 0 ? "BEGIN IMMEDIATE" : "SAVEPOINT sp", e);
	if (rc == 0)
		st->depth++;
	else if (st->depth == 0)
		pthread_mutex_unlock(&writer);
	return rc;
}

int store_commit(struct store *st, struct err *e)
{
	if (st->depth <= 0)
		return 0;
	int rc = control(st, st->depth == 1 ? "COMMIT" : "RELEASE sp", e);
	if (rc == 0) {
		db_erase_level_closed(st, st->depth, false);
		if (--st->depth == 0) {
			pthread_mutex_unlock(&writer);
			/* Crypto-erase only once the deletion is durable (docs/ENCRYPTION.md). */
			db_erase_committed(st);
		}
	} else if (st->depth == 1) {
		store_rollback(st);
	}
	return rc;
}

void store_rollback(struct store *st)
{
	struct err e;
	err_init(&e, NULL);
	if (st->depth <= 0)
		return;
	if (st->depth == 1) {
		if (!sqlite3_get_autocommit(st->db))
			control(st, "ROLLBACK", &e);
	} else {
		control(st, "ROLLBACK TO sp", &e);
		control(st, "RELEASE sp", &e);
	}
	db_erase_level_closed(st, st->depth, true);
	if (--st->depth == 0)
		pthread_mutex_unlock(&writer);
}

void store_background_checkpoints(void)
{
	background_checkpoints = true;
}

int store_checkpoint(struct store *st, struct err *e)
{
	/* After an app's values were rewritten as ciphertext, the write-ahead log is emptied
	 * (TRUNCATE), so the frames that held the plaintext do not linger in its tail. */
	bool scrub = db_wal_scrub_take();
	int rc = sqlite3_wal_checkpoint_v2(st->db, NULL, scrub ? SQLITE_CHECKPOINT_TRUNCATE
					   : SQLITE_CHECKPOINT_PASSIVE, NULL, NULL);
	if (scrub && rc != SQLITE_OK)
		db_wal_scrub_request();	/* readers in the way: next time */
	if (rc != SQLITE_OK && rc != SQLITE_BUSY)
		return db_fail(st, rc, e);
	return 0;
}

bool store_in_tx(const struct store *st)
{
	return st->depth > 0;
}

int db_review(struct store *st, const char *sql, int64_t id, const char *status, int64_t by,
	      const char *comment, int64_t now, struct err *e)
{
	sqlite3_stmt *s = db_prepare(st, sql, e);
	if (s == NULL)
		return -1;
	db_bind_text(s, 1, status);
	sqlite3_bind_int64(s, 2, by);
	sqlite3_bind_int64(s, 3, now);
	db_bind_text(s, 4, comment ? comment : "");
	sqlite3_bind_int64(s, 5, id);
	if (db_step_done(st, s, e) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return err_set(e, E_REVIEW_DONE, "id %lld", (long long)id);
	return 0;
}
