/*
 * db_int: the SQLite connection behind struct store, shared by the files of store/.
 * Not for use outside store/.
 */
#ifndef DAICHO_STORE_DB_INT_H
#define DAICHO_STORE_DB_INT_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store/store.h"

struct stmt_slot {
	uint64_t hash;		/* hash of sql, compared before the text */
	char *sql;		/* statement text (owned) */
	sqlite3_stmt *stmt;	/* prepared statement */
	unsigned long used;	/* last use tick, for eviction */
};

enum { STMT_CACHE = 128 };

/* A key to destroy, or a file to remove, once the transaction commits (store/sealing.c). */
struct pending_erase {
	int64_t app, record;	/* record 0: every key of the app */
	int depth;		/* transaction level that queued it */
	char *path;		/* when set: a file to unlink instead (owned) */
	bool disposal;		/* a crypto-erase (recorded by the keyring), not a retirement */
};

struct store {
	sqlite3 *db;				/* the connection */
	int depth;				/* open transaction levels */
	unsigned long tick;			/* use counter for the statement cache */
	struct stmt_slot cache[STMT_CACHE];	/* prepared statements by SQL text */
	struct pending_erase *erase;		/* keys to destroy after COMMIT (owned) */
	size_t n_erase, cap_erase;
};

/*
 * Returns a reset prepared statement for sql from the cache (preparing it on first
 * use), or NULL with e filled. The statement stays owned by the cache: do not finalize
 * it; call db_done() when finished with it.
 */
sqlite3_stmt *db_prepare(struct store *st, const char *sql, struct err *e);
/* Resets and clears bindings of a statement from db_prepare. */
void db_done(sqlite3_stmt *s);
/* Maps the connection's last error to e (E_BUSY, E_STORAGE or E_INTERNAL); returns -1. */
int db_fail(struct store *st, int rc, struct err *e);
/* Runs SQL text with no results (DDL, pragmas); -1 with e on error. */
int db_exec(struct store *st, const char *sql, struct err *e);
/* Runs a prepared statement to completion (expects SQLITE_DONE); resets it. */
int db_step_done(struct store *st, sqlite3_stmt *s, struct err *e);
/* Binds a string or NULL. */
void db_bind_text(sqlite3_stmt *s, int i, const char *v);
/* Copies column i as an arena string (NULL stays NULL). */
char *db_col_text(struct arena *a, sqlite3_stmt *s, int i);
/*
 * Records a reviewer's decision with sql, an UPDATE binding (status, reviewer, time,
 * comment, id) that should touch only a row still open to the decision; touching none is
 * E_REVIEW_DONE. Tokens, webhooks, customisation files and plugins share it (Abiko §10).
 */
int db_review(struct store *st, const char *sql, int64_t id, const char *status, int64_t by,
	      const char *comment, int64_t now, struct err *e);
/* Opens a connection to path with daicho's pragmas. */
int db_open(const char *path, struct store **out, struct err *e);
void db_close(struct store *st);
/* Frees this thread's cache of user names (store/records.c). */
void db_forget_names(void);
/* Brings the system tables to the current version (store/migrate.c). */
int db_migrate(struct store *st, struct err *e);

/* ---- sealed values of class I apps (store/sealing.c) ---- */

/* Registers dc_plain() and dc_seal() on a new connection. */
void db_sealing_register(sqlite3 *db);
/* True when a value is worth sealing (not NULL, '' or '[]'). */
bool db_seal_worth(const char *text, size_t n);
/* Seals text with the record's key into *out (malloc'd); E_CRYPTO_KEYS when it has none. */
int db_seal(struct store *st, int64_t app, int64_t record, const char *text, size_t n,
	    unsigned char **out, size_t *out_n, struct err *e);
/* Gives a record a new key (before its first sealed value); E_CRYPTO_KEYS on failure. */
int db_fresh_key(struct store *st, int64_t app, int64_t record, struct err *e);
/* Asks the next store_checkpoint to empty the write-ahead log (TRUNCATE). */
void db_wal_scrub_request(void);
/* True (once) when a request is pending. */
bool db_wal_scrub_take(void);
/* After the outermost COMMIT: destroys the queued keys. */
void db_erase_committed(struct store *st);
/* Level depth closed: its queued keys are dropped (rolled back) or move to the outer level. */
void db_erase_level_closed(struct store *st, int depth, bool rolled_back);

#endif
