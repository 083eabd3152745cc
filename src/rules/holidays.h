/*
 * holidays: Japan's national holidays (国民の祝日に関する法律) for a year, computed, not
 * listed: fixed dates, the Happy Monday days, the equinoxes by the standard
 * astronomical approximation (valid 1980-2099), 振替休日 (a holiday on a Sunday moves to
 * the next day that is no holiday) and 国民の休日 (a day between two holidays), with the
 * 2020/2021 Olympic moves. Pure: no I/O, no allocation.
 */
#ifndef DAICHO_RULES_HOLIDAYS_H
#define DAICHO_RULES_HOLIDAYS_H

#include <stdbool.h>

struct holiday {
	int m, d;		/* month 1..12, day */
	const char *ja, *en;	/* name (static) */
};

enum { HOLIDAYS_MAX = 32 };

/* Fills out (room for HOLIDAYS_MAX) with the holidays of year y in date order; returns how
 * many (0 outside 1980-2099). */
int holidays_of_year(int y, struct holiday *out);
/* True when y-m-d is a national holiday (including 振替休日 and 国民の休日); *ja (may be
 * NULL) gets its name. */
bool holidays_is(int y, int m, int d, const char **ja);
/* Day of the week of y-m-d, 0 = Sunday (Gregorian). */
int holidays_weekday(int y, int m, int d);

#endif
