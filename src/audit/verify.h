/*
 * verify: `daicho audit verify` and GET /api/audit/verify.json. Recomputes the hash chain
 * from the anchor and names the FIRST entry that was changed, removed, inserted or
 * reordered; then checks every stored checkpoint (and an exported one given by the
 * auditor): its signature, its key, and that the log still holds its entry with the same
 * chain hash (a log that ends before it was truncated).
 */
#ifndef DAICHO_AUDIT_VERIFY_H
#define DAICHO_AUDIT_VERIFY_H

#include <stdint.h>

#include "core/buf.h"
#include "core/err.h"
#include "store/audit.h"

enum verify_kind {
	VK_CHANGED,		/* the entry's content (or hash) differs from what was chained */
	VK_REMOVED,		/* the entry is missing */
	VK_INSERTED,		/* the entry was never chained by daicho */
	VK_REORDERED,		/* the entry is out of place (other: the entry that belongs here) */
	VK_TRUNCATED,		/* the log ends before a checkpoint's entry */
	VK_REWRITTEN,		/* a checkpoint's entry has another chain hash or count now */
	VK_SIGNATURE,		/* a checkpoint's signature or key is not valid */
	VK_ANCHOR,		/* the anchor does not match its signed checkpoint */
};

struct verify_problem {
	enum verify_kind kind;
	int64_t entry_id;		/* the entry concerned */
	int64_t other_id;		/* reordered: the entry found in its place; truncated: the checkpoint's entry */
	int64_t checkpoint_id;		/* for checkpoint problems (0: the file given) */
};

enum { VERIFY_MAX_PROBLEMS = 8 };

struct verify_report {
	struct log_anchor anchor;
	int64_t first_id, last_id;	/* chained entries present (0 when none) */
	int64_t entries;		/* chained entries checked */
	int64_t checkpoints;		/* checkpoints checked */
	size_t n;
	struct verify_problem problems[VERIFY_MAX_PROBLEMS];
};

/* The word of a kind: changed, removed, inserted, reordered, truncated, ... */
const char *verify_kind_name(enum verify_kind k);
/*
 * Verifies the log. external: a checkpoint exported earlier (or NULL). server_key: the
 * public key checkpoints must carry (hex), or NULL to accept any valid signature.
 */
int verify_log(struct store *st, const struct audit_checkpoint *external, const char *server_key,
	       struct verify_report *r, struct err *e);
/* One line of English describing a problem. */
void verify_describe(const struct verify_problem *p, struct buf *out);

#endif
