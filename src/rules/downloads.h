/*
 * downloads: the bulk-download warning rule (Kuki 第20条), as pure decisions. Which
 * access-log actions count as reading records and how many each counts; whether a
 * request that brings the caller's rolling count to a total is allowed, needs a stated
 * reason, or is refused above the hard cap; and whether a stated reason is acceptable.
 * No I/O: store/downloads.c keeps the counters and thresholds, http/downloads.c asks.
 */
#ifndef DAICHO_RULES_DOWNLOADS_H
#define DAICHO_RULES_DOWNLOADS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum { DL_REASON_MIN = 4, DL_REASON_MAX = 500 };

enum dl_verdict {
	DL_ALLOW = 0,		/* at or below the threshold (or nothing read) */
	DL_WARN_REASON,		/* above the threshold, a reason was given: proceed, log, alert */
	DL_WARN,		/* above the threshold, no reason: refuse with DC_DL01 */
	DL_CAP,			/* above the hard cap: refused even with a reason (DC_DL02) */
};

struct dl_input {
	int64_t before;		/* records the user read from the app within the window */
	int64_t count;		/* records this request reads */
	int64_t threshold;	/* warn above this total (<= 0: never warn) */
	int64_t cap;		/* refuse above this total (<= 0: no cap) */
	bool has_reason;	/* the request states an acceptable reason */
};

/*
 * How many records an access-log entry of action reads for the counters: records.read,
 * cursor.read, record.read and records.export count their record ids (n_ids),
 * file.download counts 1 per file; everything else (aggregates, writes) counts 0.
 */
int64_t dl_count_for(const char *action, size_t n_ids);
/* The verdict for a request. */
enum dl_verdict dl_decide(const struct dl_input *in);
/*
 * Decodes a reason header value (percent-encoded UTF-8 allowed, '+' stays '+') into out
 * (size bytes) and checks it: valid UTF-8, DL_REASON_MIN..DL_REASON_MAX code points
 * once surrounding spaces are trimmed, no control characters. 0 when acceptable.
 */
int dl_reason_decode(const char *value, char *out, size_t size);

#endif
