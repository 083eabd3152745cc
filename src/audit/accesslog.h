/*
 * accesslog: turning what a request did into access-log entries (who, when, which app,
 * which records, what, with what result, from where).
 *
 * Entries for a write are appended inside the write's own transaction, so the log and
 * the data commit together; entries for reads and for refused or failed requests go to
 * the journal (one appended line each) before the response leaves. The table is
 * append-only; the rules engine adds a hash chain on top.
 */
#ifndef DAICHO_AUDIT_ACCESSLOG_H
#define DAICHO_AUDIT_ACCESSLOG_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "auth/identity.h"
#include "core/err.h"

struct store;

struct accesslog_meta {
	const struct identity *who;	/* caller (kind AK_NONE when unknown) */
	const char *client;		/* client address */
	const char *request_id;		/* support id of the request */
	struct timespec at;		/* when */
};

/*
 * Appends one entry: inside the caller's write transaction on st, or, with st NULL, to
 * the journal (reads and refusals; audit/journal.h). result is "ok", "denied" or
 * "failed"; code is the error code ("" on success). The token recorded is the caller's
 * token for app_id, if any.
 */
int accesslog_append(struct store *st, const struct accesslog_meta *m, const char *action,
		     int64_t app_id, const int64_t *ids, size_t n_ids, const char *result,
		     int status, const char *code, struct err *e);

#endif
