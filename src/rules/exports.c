/* exports: the export and transmission decisions (see exports.h). */
#include "rules/exports.h"

#include <stdio.h>
#include <string.h>

enum export_verdict export_decide(const struct export_input *in)
{
	if (!in->rules)
		return EXPORT_ALLOW;
	if (in->info_class == 1 && !in->has_reason)
		return EXPORT_NEED_REASON;
	if (in->personal && in->threshold > 0 && in->count > in->threshold)
		return EXPORT_HOLD;
	return EXPORT_ALLOW;
}

bool export_may_approve(const struct export_approver *a)
{
	if (a->me <= 0 || a->me == a->requester)
		return false;
	if (a->me == a->section_head || a->me == a->department_head)
		return true;
	return a->protection_manager || a->export_right;
}

/* Copies text into out at *k, control characters and quotes as spaces. */
static void put_clean(char *out, size_t size, size_t *k, const char *text)
{
	for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p; p++) {
		if (*k + 1 >= size)
			break;
		out[(*k)++] = (*p < 0x20 || *p == 0x7f || *p == '"') ? ' ' : (char)*p;
	}
	out[*k] = '\0';
}

void export_watermark(char *out, size_t size, const char *user_code, const char *user_name,
		      time_t at, long utc_offset, const char *request_id)
{
	if (size == 0)
		return;
	size_t k = 0;
	out[0] = '\0';
	put_clean(out, size, &k, user_code);
	put_clean(out, size, &k, " ");
	put_clean(out, size, &k, user_name);
	time_t local = at + utc_offset;
	struct tm tm;
	gmtime_r(&local, &tm);
	int off = (int)((utc_offset < 0 ? -utc_offset : utc_offset) % 86400);
	char when[96];
	snprintf(when, sizeof when, " %04d-%02d-%02d %02d:%02d%c%02d:%02d ", tm.tm_year + 1900,
		 tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, utc_offset < 0 ? '-' : '+',
		 off / 3600, off % 3600 / 60);
	put_clean(out, size, &k, when);
	put_clean(out, size, &k, request_id);
}
