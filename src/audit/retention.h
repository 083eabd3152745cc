/*
 * retention: removing old access-log entries without breaking the chain
 * (`daicho audit purge --before DAY` and the policy "audit.retention_days"). In one
 * transaction: a signed checkpoint of the whole log first, then the anchor moves to the
 * last entry before the day (its hash and count, signed as a checkpoint of its own), the
 * entries up to it are deleted through the gate the triggers allow, and the purge itself
 * is logged as an entry "audit.purge".
 */
#ifndef DAICHO_AUDIT_RETENTION_H
#define DAICHO_AUDIT_RETENTION_H

#include <stdbool.h>
#include <stdint.h>

#include "core/err.h"

struct store;

struct purge_result {
	int64_t deleted;		/* entries removed */
	int64_t anchor_id;		/* the chain now starts after this entry */
	int64_t checkpoint_id;		/* the checkpoint made before */
};

/*
 * Purges the entries before day (YYYY-MM-DD, UTC). by and auth name who did it in the
 * log entry. With only_if_any, nothing happens (not even the entry) when no entry is
 * old enough.
 */
int retention_purge(struct store *st, const char *day, const char *by, const char *auth,
		    bool only_if_any, struct purge_result *r, struct err *e);
/* The day `days` days before now (UTC) as YYYY-MM-DD into out (11 bytes). */
void retention_day_before(int64_t now, int days, char *out);

#endif
