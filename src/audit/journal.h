/*
 * journal: the access log's front door for requests that do not write. Each entry is
 * one line appended with a single write() to data/accesslog.journal before the response
 * leaves, which survives a crash of daicho exactly as a committed SQLite transaction
 * does with synchronous=NORMAL (and is fdatasync'ed when sync=full). One ingester moves
 * the lines into the access_log table in batches, remembering in the same transaction
 * how far it got, so every entry lands exactly once even across crashes; a fully
 * ingested journal is emptied. Entries of writes do not come here: they commit in the
 * write's own transaction.
 */
#ifndef DAICHO_AUDIT_JOURNAL_H
#define DAICHO_AUDIT_JOURNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/err.h"

struct store;
struct log_entry;

/* Opens (creating) the journal in data_dir. full_sync: fdatasync after each entry. */
int journal_open(const char *data_dir, bool full_sync, struct err *e);
/* Appends one entry; 0 once it is in the file (and on disk with full_sync). */
int journal_append(const struct log_entry *l, struct err *e);
/*
 * Moves up to max entries into access_log in one transaction; *moved tells how many.
 * Empties the journal once everything was moved and it has grown large.
 */
int journal_ingest(struct store *st, size_t max, size_t *moved, struct err *e);
/* Waits up to ms milliseconds for a new entry (returns at once if one is pending). */
void journal_wait(int ms);
/* Wakes a journal_wait (shutdown). */
void journal_wake(void);
/* Closes the journal. */
void journal_close(void);

#endif
