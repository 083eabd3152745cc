/* rules/ledger: the idle and expired flags of the ledger (see ledger.h). */
#include "rules/ledger.h"

#include <string.h>
#include <time.h>

/* The day number of "YYYY-MM-DD..." (days since 1970-01-01), false when not a day. */
static bool day_number(const char *s, int64_t *out)
{
	if (s == NULL || strlen(s) < 10 || s[4] != '-' || s[7] != '-')
		return false;
	int v[3] = {0, 0, 0};
	const int at[3] = {0, 5, 8}, len[3] = {4, 2, 2};
	for (int k = 0; k < 3; k++)
		for (int i = 0; i < len[k]; i++) {
			char c = s[at[k] + i];
			if (c < '0' || c > '9')
				return false;
			v[k] = v[k] * 10 + (c - '0');
		}
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
		return false;
	struct tm tm;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = v[0] - 1900;
	tm.tm_mon = v[1] - 1;
	tm.tm_mday = v[2];
	tm.tm_hour = 12;
	*out = (int64_t)timegm(&tm) / 86400;
	return true;
}

bool ledger_days_between(const char *a, const char *b, int64_t *days)
{
	int64_t x, y;
	if (!day_number(a, &x) || !day_number(b, &y))
		return false;
	*days = y - x;
	return true;
}

unsigned ledger_flags(const struct ledger_facts *f, const char *today, int64_t idle_days)
{
	unsigned bits = 0;
	int64_t d;
	if (f->closed)
		return 0;
	if (f->end_date && *f->end_date && ledger_days_between(f->end_date, today, &d) && d > 0)
		bits |= LEDGER_EXPIRED;
	if (idle_days > 0 && f->deployed) {
		const char *base = f->last_activity && *f->last_activity ? f->last_activity : f->since;
		if (base && ledger_days_between(base, today, &d) && d >= idle_days)
			bits |= LEDGER_IDLE;
	}
	return bits;
}
