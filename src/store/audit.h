/*
 * store/audit: the access log's tamper evidence in the database: each entry's chain
 * hash, the anchor where the chain starts, signed checkpoints of the chain head, the
 * purge of old entries (the only DELETE the triggers let through) and the auditor's
 * searches. The hashing and signing are audit/chain.c's and audit/seal.c's; this file
 * only stores and reads.
 */
#ifndef DAICHO_STORE_AUDIT_H
#define DAICHO_STORE_AUDIT_H

#include "store/misc.h"

enum { AUDIT_HEX = 65, AUDIT_SIG_HEX = 129 };

/* Where the next entry chains from: the last chained entry, or the anchor. */
struct log_head {
	int64_t id;			/* last entry id (the anchor's when none after it) */
	char hash[AUDIT_HEX];		/* its chain hash */
	int64_t count;			/* entries in the chain up to it */
};

struct log_anchor {
	int64_t entry_id;		/* the chain starts after this entry */
	char hash[AUDIT_HEX];
	int64_t count;
	int64_t checkpoint_id;		/* 0 when none (the start of the chain) */
};

/* One stored entry with its id and chain hash (NULL when it has none). */
struct log_row {
	int64_t id;
	struct log_entry l;
	const char *hash;
};

struct audit_checkpoint {
	int64_t id;
	int64_t entry_id;
	char hash[AUDIT_HEX];
	int64_t count;
	char at[40];
	char reason[24];
	char public_key[AUDIT_HEX];
	char signature[AUDIT_SIG_HEX];
};

/* A read transaction (one snapshot) when none is open; store_read_end closes it. */
int store_read_begin(struct store *st, struct err *e);
void store_read_end(struct store *st);
/* The chain head; call inside the write transaction that appends. */
int store_log_head(struct store *st, struct log_head *h, struct err *e);
/* Inserts an entry with its id and chain hash (inside the caller's transaction). */
int store_log_insert(struct store *st, const struct log_entry *l, int64_t id, const char *hash,
		     struct err *e);
/* Up to max entries with id > after, in id order, into an arena array. */
int store_log_page(struct store *st, struct arena *a, int64_t after, size_t max,
		   struct log_row **out, size_t *n, struct err *e);
/* One entry by id; *found false when there is none. */
int store_log_get(struct store *st, struct arena *a, int64_t id, struct log_row *r, bool *found,
		  struct err *e);
/* The last entry id with at < before (0 when none). */
int store_log_last_before(struct store *st, const char *before, int64_t *id, struct err *e);
/* The anchor. */
int store_log_anchor(struct store *st, struct log_anchor *an, struct err *e);
/*
 * Moves the anchor to an (which must be an existing entry's id, hash and count) and
 * deletes every entry up to it, through the gate the triggers check; *deleted tells
 * how many. Inside the caller's transaction.
 */
int store_log_purge(struct store *st, const struct log_anchor *an, int64_t *deleted,
		    struct err *e);

/* Stores a checkpoint; sets c->id. */
int store_checkpoint_add(struct store *st, struct audit_checkpoint *c, struct err *e);
/* The newest checkpoint: 1 with *c filled, 0 when there is none, -1 on error. */
int store_checkpoint_latest(struct store *st, struct audit_checkpoint *c, struct err *e);
/* Newest checkpoints first, up to max, into an arena array. */
int store_checkpoint_list(struct store *st, struct arena *a, size_t max,
			  struct audit_checkpoint **out, size_t *n, struct err *e);
/* Every checkpoint (oldest first) through fn; fn returns non-zero to stop. */
int store_checkpoint_each(struct store *st, int (*fn)(void *ctx, const struct audit_checkpoint *c),
			  void *ctx, struct err *e);

/* Filters of the auditor's search; NULL or 0 means any. */
struct log_filter {
	const char *from, *to;		/* UTC bounds on at: from <= at < to */
	const char *user;		/* user code */
	int64_t app_id;
	const char *action;		/* exact, or a prefix ending in '*' */
	const char *result;		/* ok, denied, failed */
};

/* Entries matching f, newest first, offset/limit; *total counts all matches. */
int store_log_search(struct store *st, struct arena *a, const struct log_filter *f,
		     int64_t offset, int64_t limit, struct log_row **out, size_t *n, int64_t *total,
		     struct err *e);

/* One row of the daily analysis (Kuki 第19条). */
struct log_day {
	char day[11];			/* YYYY-MM-DD (UTC) */
	int64_t entries, refusals, off_hours, unusual_reads, bulk_reads, admin_actions;
};

/* The daily analysis from <= at < to (at most 366 days). */
int store_log_report(struct store *st, struct arena *a, const char *from, const char *to,
		     struct log_day **out, size_t *n, struct err *e);

#endif
