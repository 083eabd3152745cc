/* retention: purging old access-log entries behind a signed anchor (see retention.h). */
#include "audit/retention.h"
#include "audit/chain.h"
#include "audit/seal.h"
#include "core/arena.h"
#include "store/audit.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

void retention_day_before(int64_t now, int days, char *out)
{
	time_t t = (time_t)(now - (int64_t)days * 86400);
	struct tm tm;
	gmtime_r(&t, &tm);
	char day[40];
	snprintf(day, sizeof day, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	memcpy(out, day, 10);
	out[10] = '\0';
}

int retention_purge(struct store *st, const char *day, const char *by, const char *auth,
		    bool only_if_any, struct purge_result *r, struct err *e)
{
	struct log_anchor an;
	struct audit_checkpoint cp, acp;
	char before[40], at[40], detail[160];
	int64_t last;
	bool made;
	memset(r, 0, sizeof *r);
	snprintf(before, sizeof before, "%.10sT00:00:00", day);
	if (store_begin(st, e) != 0)
		return -1;
	if (store_log_anchor(st, &an, e) != 0 || store_log_last_before(st, before, &last, e) != 0)
		goto fail;
	if (last <= an.entry_id && only_if_any) {
		store_rollback(st);
		r->anchor_id = an.entry_id;
		return 0;
	}
	if (seal_checkpoint(st, "purge", false, &cp, &made, e) != 0)
		goto fail;
	r->checkpoint_id = cp.id;
	r->anchor_id = an.entry_id;
	if (last > an.entry_id) {
		struct arena a;
		struct log_row row;
		bool found;
		arena_init(&a, 0);
		int rc = store_log_get(st, &a, last, &row, &found, e);
		if (rc == 0 && (!found || row.hash == NULL))
			rc = err_set(e, E_INTERNAL, NULL);
		struct log_anchor next = {.entry_id = last, .count = an.count + (last - an.entry_id)};
		if (rc == 0) {
			snprintf(next.hash, sizeof next.hash, "%s", row.hash);
			rc = seal_entry(st, last, row.hash, next.count, "anchor", &acp, e);
		}
		arena_destroy(&a);
		next.checkpoint_id = acp.id;
		if (rc != 0 || store_log_purge(st, &next, &r->deleted, e) != 0)
			goto fail;
		r->anchor_id = last;
	}
	struct timespec ts;
	struct tm tm;
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	snprintf(at, sizeof at, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
		 tm.tm_sec % 100, (ts.tv_nsec / 1000000) % 1000);
	/* Where the details of the purge go: the entry has no free-text column. */
	snprintf(detail, sizeof detail, "purge before=%.10s deleted=%lld anchor=%lld checkpoint=%lld",
		 day, (long long)r->deleted, (long long)r->anchor_id, (long long)r->checkpoint_id);
	struct log_entry l = {
		.at = at, .user_code = by, .auth = auth, .action = "audit.purge",
		.record_ids = "[]", .result = "ok", .status = 0, .code = "", .client = "",
		.request_id = detail,
	};
	if (chain_append(st, &l, e) != 0)
		goto fail;
	return store_commit(st, e);
fail:
	store_rollback(st);
	return -1;
}
