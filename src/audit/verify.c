/* verify: recomputing the access log's chain and checking its checkpoints (see verify.h). */
#include "audit/verify.h"
#include "audit/chain.h"
#include "audit/seal.h"
#include "core/arena.h"

#include <stdio.h>

#include <string.h>

enum { PAGE = 2000, LOOK = 64 };

static const char *const names[] = {
	[VK_CHANGED] = "changed", [VK_REMOVED] = "removed", [VK_INSERTED] = "inserted",
	[VK_REORDERED] = "reordered", [VK_TRUNCATED] = "truncated", [VK_REWRITTEN] = "rewritten",
	[VK_SIGNATURE] = "signature", [VK_ANCHOR] = "anchor",
};

const char *verify_kind_name(enum verify_kind k)
{
	return names[k];
}

static void add(struct verify_report *r, enum verify_kind k, int64_t id, int64_t other, int64_t cp)
{
	if (r->n < VERIFY_MAX_PROBLEMS)
		r->problems[r->n++] = (struct verify_problem){k, id, other, cp};
}

static bool hex64(const char *h)
{
	if (h == NULL || strlen(h) != 64)
		return false;
	for (; *h; h++)
		if (!((*h >= '0' && *h <= '9') || (*h >= 'a' && *h <= 'f')))
			return false;
	return true;
}

/* True when entry q chains from prev to its own stored hash. */
static bool links(const char *prev, const struct log_row *q)
{
	char h[65];
	return hex64(q->hash) && chain_hash(prev, &q->l, h) && strcmp(h, q->hash) == 0;
}

/*
 * Names what is wrong with rows[i], the first entry that does not chain from prev (the
 * last good hash). rows[i + 1 ..] are the entries after it (up to LOOK of them).
 */
static void classify(struct verify_report *r, const char *prev, const struct log_row *rows,
		     size_t i, size_t n)
{
	const struct log_row *x = &rows[i];
	char h[65];
	if (!hex64(x->hash)) {
		add(r, VK_INSERTED, x->id, 0, 0);	/* daicho writes a hash with every entry */
		return;
	}
	for (size_t j = i + 1; j < n && j <= i + LOOK; j++) {
		const struct log_row *q = &rows[j];
		if (!chain_hash(prev, &q->l, h))
			break;
		if (strcmp(h, x->hash) != 0 && !(hex64(q->hash) && strcmp(h, q->hash) == 0))
			continue;
		/* q belongs here. If x is simply extra, the chain goes on from q. */
		if (j == i + 1 && strcmp(h, q->hash) == 0 && (j + 1 >= n || links(q->hash, &rows[j + 1])))
			add(r, VK_INSERTED, x->id, 0, 0);
		else
			add(r, VK_REORDERED, x->id, q->id, 0);
		return;
	}
	add(r, VK_CHANGED, x->id, 0, 0);
}

/* Walks the chain from the anchor; stops at the first problem. */
static int walk(struct store *st, struct verify_report *r, struct err *e)
{
	char prev[65];
	int64_t after = r->anchor.entry_id, expect = after + 1;
	memcpy(prev, r->anchor.hash, sizeof prev);
	prev[64] = '\0';
	for (;;) {
		struct arena a;
		struct log_row *rows;
		size_t n;
		arena_init(&a, 0);
		if (store_log_page(st, &a, after, PAGE + LOOK + 1, &rows, &n, e) != 0) {
			arena_destroy(&a);
			return -1;
		}
		size_t upto = n > PAGE ? PAGE : n;
		bool stop = false;
		for (size_t i = 0; i < upto && !stop; i++) {
			const struct log_row *x = &rows[i];
			if (r->first_id == 0)
				r->first_id = x->id;
			r->last_id = x->id;
			if (x->id != expect) {
				add(r, VK_REMOVED, expect, x->id, 0);
				stop = true;
			} else if (links(prev, x)) {
				memcpy(prev, x->hash, 65);
				r->entries++;
				expect++;
			} else {
				classify(r, prev, rows, i, n);
				stop = true;
			}
		}
		if (upto > 0)
			after = rows[upto - 1].id;
		arena_destroy(&a);
		if (stop || n <= PAGE)
			return 0;
	}
}

struct cp_ctx {
	struct store *st;
	struct verify_report *r;
	const char *server_key;
	int64_t head;			/* last entry id in the table (or the anchor's) */
	struct err *e;
	int rc;
};

static void check_checkpoint(struct cp_ctx *x, const struct audit_checkpoint *c, int64_t cp_id)
{
	struct verify_report *r = x->r;
	r->checkpoints++;
	if (!seal_check(c) || (x->server_key && strcmp(c->public_key, x->server_key) != 0)) {
		add(r, VK_SIGNATURE, c->entry_id, 0, cp_id);
		return;
	}
	if (cp_id > 0 && cp_id == r->anchor.checkpoint_id &&
	    (c->entry_id != r->anchor.entry_id || strcmp(c->hash, r->anchor.hash) != 0 ||
	     c->count != r->anchor.count)) {
		add(r, VK_ANCHOR, r->anchor.entry_id, c->entry_id, cp_id);
		return;
	}
	if (c->entry_id > x->head) {
		add(r, VK_TRUNCATED, x->head, c->entry_id, cp_id);
		return;
	}
	if (c->entry_id < r->anchor.entry_id)
		return;		/* purged: the anchor's own checkpoint vouches for it */
	int64_t count = r->anchor.count + (c->entry_id - r->anchor.entry_id);
	if (c->entry_id == r->anchor.entry_id) {
		if (strcmp(c->hash, r->anchor.hash) != 0 || c->count != count)
			add(r, VK_REWRITTEN, c->entry_id, 0, cp_id);
		return;
	}
	struct arena a;
	struct log_row row;
	bool found;
	arena_init(&a, 0);
	if (store_log_get(x->st, &a, c->entry_id, &row, &found, x->e) != 0)
		x->rc = -1;
	else if (!found)
		add(r, VK_REMOVED, c->entry_id, 0, cp_id);
	else if (row.hash == NULL || strcmp(row.hash, c->hash) != 0 || c->count != count)
		add(r, VK_REWRITTEN, c->entry_id, 0, cp_id);
	arena_destroy(&a);
}

static int each_cp(void *ctx, const struct audit_checkpoint *c)
{
	struct cp_ctx *x = ctx;
	check_checkpoint(x, c, c->id);
	return x->rc;
}

int verify_log(struct store *st, const struct audit_checkpoint *external, const char *server_key,
	       struct verify_report *r, struct err *e)
{
	memset(r, 0, sizeof *r);
	/* One read transaction: the chain and the checkpoints as of one moment. */
	if (store_read_begin(st, e) != 0)
		return -1;
	struct log_head head;
	int rc = store_log_anchor(st, &r->anchor, e);
	if (rc == 0)
		rc = store_log_head(st, &head, e);
	if (rc == 0) {
		/* Entries at or before the anchor: after a purge there are none; before any
		 * purge only the entries older than the chain, which carry no hash. */
		struct arena a;
		struct log_row *rows;
		size_t n;
		arena_init(&a, 0);
		rc = store_log_page(st, &a, INT64_MIN, 1, &rows, &n, e);
		if (rc == 0 && n == 1 && rows[0].id <= r->anchor.entry_id &&
		    (r->anchor.checkpoint_id > 0 || rows[0].hash != NULL))
			add(r, VK_INSERTED, rows[0].id, 0, 0);
		arena_destroy(&a);
	}
	if (rc == 0)
		rc = walk(st, r, e);
	if (rc == 0) {
		struct cp_ctx x = {st, r, server_key, head.id, e, 0};
		rc = store_checkpoint_each(st, each_cp, &x, e);
		if (rc == 0 && external)
			check_checkpoint(&x, external, 0);
		if (rc == 0)
			rc = x.rc;
	}
	store_read_end(st);
	return rc;
}

void verify_describe(const struct verify_problem *p, struct buf *out)
{
	char cp[40];
	if (p->checkpoint_id > 0)
		snprintf(cp, sizeof cp, "checkpoint %lld", (long long)p->checkpoint_id);
	else
		snprintf(cp, sizeof cp, "the checkpoint file");
	switch (p->kind) {
	case VK_CHANGED:
		buf_printf(out, "entry %lld was changed: it no longer matches its chain hash",
			   (long long)p->entry_id);
		break;
	case VK_REMOVED:
		if (p->checkpoint_id || p->other_id == 0)
			buf_printf(out, "entry %lld was removed (%s covers it)", (long long)p->entry_id, cp);
		else
			buf_printf(out, "entry %lld was removed: the log goes on at entry %lld",
				   (long long)p->entry_id, (long long)p->other_id);
		break;
	case VK_INSERTED:
		buf_printf(out, "entry %lld was inserted: daicho never chained it", (long long)p->entry_id);
		break;
	case VK_REORDERED:
		buf_printf(out, "entry %lld was reordered: the entry that belongs in its place is now at %lld",
			   (long long)p->entry_id, (long long)p->other_id);
		break;
	case VK_TRUNCATED:
		buf_printf(out, "the log was truncated: it ends at entry %lld, but %s covers entry %lld",
			   (long long)p->entry_id, cp, (long long)p->other_id);
		break;
	case VK_REWRITTEN:
		buf_printf(out, "entry %lld differs from %s: the log was rewritten up to it",
			   (long long)p->entry_id, cp);
		break;
	case VK_SIGNATURE:
		buf_printf(out, "%s (entry %lld) has no valid signature by this server's key", cp,
			   (long long)p->entry_id);
		break;
	case VK_ANCHOR:
		buf_printf(out, "the anchor (entry %lld) does not match its signed %s", (long long)p->entry_id, cp);
		break;
	}
}
