/*
 * exports: the export and transmission rules (Kuki 第11条 copying and sending only as
 * instructed, 第14条 several people check before personal data leaves; Yabu 第10条(4)),
 * as pure decisions. Whether an export may be written at once, needs a stated reason
 * (class Ⅰ apps) or is held until a second person approves it (personal data above the
 * app's threshold); who may approve a held export; the watermark text a file carries.
 * No I/O: store/exports.c keeps requests and history, http/handlers/exports.c asks.
 */
#ifndef DAICHO_RULES_EXPORTS_H
#define DAICHO_RULES_EXPORTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

enum export_verdict {
	EXPORT_ALLOW = 0,	/* write the file now */
	EXPORT_NEED_REASON,	/* class Ⅰ without a stated reason: refuse with DC_EX01 */
	EXPORT_HOLD,		/* personal data above the threshold: store, wait for approval */
};

struct export_input {
	bool rules;		/* policy export.rules */
	int info_class;		/* the app's class rank (1 = Ⅰ, most sensitive; 0 unknown) */
	bool personal;		/* the app is flagged personal, or a personal field is exported */
	int64_t count;		/* records the export would write */
	int64_t threshold;	/* hold personal exports above this many records (<= 0: never) */
	bool has_reason;	/* an acceptable reason was stated */
};

/* The verdict for an export request. A missing reason is decided before holding. */
enum export_verdict export_decide(const struct export_input *in);

struct export_approver {
	int64_t me;		/* the person deciding */
	int64_t requester;	/* who asked for the export */
	int64_t section_head;	/* the requester's section head (0: none) */
	int64_t department_head;/* the requester's department head (0: none) */
	bool protection_manager;/* me is a protection manager of the requester's section */
	bool export_right;	/* me holds the export right on the app */
};

/*
 * True when `me` may approve: never the requester; otherwise the requester's section or
 * department head, a protection manager of the requester's section, or anyone else who
 * holds the export right on the app (a second person who could have exported it).
 */
bool export_may_approve(const struct export_approver *a);

/*
 * The watermark of an exported file: "<code> <name> <YYYY-MM-DD HH:MM+hh:mm> <request>"
 * in local time with utc_offset seconds east of UTC. Written to out (size bytes,
 * truncated). Control characters and quotes in the name are replaced by spaces.
 */
void export_watermark(char *out, size_t size, const char *user_code, const char *user_name,
		      time_t at, long utc_offset, const char *request_id);

/* The column header of the watermark column (daicho's own import skips it). */
#define EXPORT_WATERMARK_HEADER "出力記録 (daicho)"

#endif
