/*
 * db_int: the SQLite connection behind struct store, shared by the files of store/.
 * Not for use outside store/.
 */
#ifndef DAICHO_STORE_DB_INT_H
#define DAICHO_STORE_DB_INT_H

#include <sqlite3.h>
#include <stdint.h>

#include "store/store.h"

struct stmt_slot {
	uint64_t hash;		/* hash of sql, compared before the text */
	char *sql;		/* statement text (owned) */
	sqlite3_stmt *stmt;	/* prepared statement */
	unsigned long used;	/* last use tick, for eviction */
};

enum { STMT_CACHE = 128 };

struct store {
	sqlite3 *db;				/* the connection */
	int depth;				/* open transaction levels */
	unsigned long tick;			/* use counter for the statement cache */
	struct stmt_slot cache[STMT_CACHE];	/* prepared statements by SQL text */
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
/* Opens a connection to path with daicho's pragmas. */
int db_open(const char *path, struct store **out, struct err *e);
void db_close(struct store *st);
/* Frees this thread's cache of user names (store/records.c). */
void db_forget_names(void);
/* Brings the system tables to the current version (store/migrate.c). */
int db_migrate(struct store *st, struct err *e);

#endif
