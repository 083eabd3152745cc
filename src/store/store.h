/*
 * store: the only user of SQLite. Everything daicho keeps lives behind these functions:
 * users, sessions, API tokens, apps and their forms, record tables, history, comments,
 * files, cursors and the access log. A PostgreSQL implementation can replace the
 * files under store/ without touching their callers.
 *
 * Connections: each thread has its own (store_thread()); a struct store is never shared
 * between threads. Strings returned by store functions are allocated from the arena the
 * caller passes and live as long as it does.
 *
 * Transactions: store_begin() starts a write transaction (BEGIN IMMEDIATE) or, when one
 * is open, a savepoint; store_commit()/store_rollback() close the innermost level. Every
 * function that writes must run inside a transaction the caller opened.
 *
 * Errors: functions return 0 on success and -1 with struct err filled: E_BUSY when the
 * database stayed locked, E_STORAGE on I/O or full disk, E_INTERNAL otherwise, or the
 * specific not-found code documented on the function.
 */
#ifndef DAICHO_STORE_STORE_H
#define DAICHO_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/err.h"

struct arena;
struct store;

/*
 * Opens (creating if needed) the database under data_dir and brings its system tables
 * to the current version. sync is "normal" or "full". Must be called once, before any
 * store_thread(), by the process that uses the store.
 */
int store_global_init(const char *data_dir, const char *sync, struct err *e);
/* The data directory given to store_global_init. */
const char *store_data_dir(void);
/* This thread's connection, opened on first use; NULL (with a logged reason) on failure. */
struct store *store_thread(void);
/* Closes this thread's connection (thread exit, shutdown). */
void store_thread_close(void);

int store_begin(struct store *st, struct err *e);
int store_commit(struct store *st, struct err *e);
void store_rollback(struct store *st);
/*
 * From now on, connections leave checkpoints (copying the write-ahead log back into the
 * database) to store_checkpoint, which the server calls from its background thread so
 * that no request pays for them. Call before store_thread() is first used.
 */
void store_background_checkpoints(void);
/* Copies what it can of the write-ahead log into the database without waiting. */
int store_checkpoint(struct store *st, struct err *e);
/* True while a transaction is open on st. */
bool store_in_tx(const struct store *st);

#endif
