/*
 * rules/ledger: the flags the ledger (台帳, Kuki 第16条) puts on an app that should be
 * looked at for closing (Abiko §9(1)③: apps no longer used are deleted): idle (no
 * record activity for the policy's apps.idle_days) and expired (past its planned end
 * date). Pure: the caller passes the facts and today's date.
 */
#ifndef DAICHO_RULES_LEDGER_H
#define DAICHO_RULES_LEDGER_H

#include <stdbool.h>
#include <stdint.h>

enum {
	LEDGER_IDLE = 1,	/* no record activity for idle_days */
	LEDGER_EXPIRED = 2,	/* today is after the end date */
};

struct ledger_facts {
	const char *last_activity;	/* newest record access "YYYY-MM-DD..." ("" or NULL: none) */
	const char *since;		/* when the app came into use "YYYY-MM-DD..." (created or published) */
	const char *end_date;		/* planned end "YYYY-MM-DD" ("" or NULL: none) */
	bool closed;			/* closed apps are never flagged */
	bool deployed;			/* never-deployed apps are not idle (nothing to use yet) */
};

/*
 * The LEDGER_* bits of an app on day today ("YYYY-MM-DD", local); idle_days 0 turns the
 * idle flag off. Days that do not parse count as absent.
 */
unsigned ledger_flags(const struct ledger_facts *f, const char *today, int64_t idle_days);
/* Whole days from day a to day b ("YYYY-MM-DD" prefixes); false when either is not a day. */
bool ledger_days_between(const char *a, const char *b, int64_t *days);

#endif
