/*
 * timeutil: parsing and formatting of kintone's date and time values, and calendar
 * arithmetic in the server's configured time zone.
 *
 * The zone is process-wide (TZ, set once at start by time_set_zone); query date
 * functions such as TODAY() are evaluated in it. DATETIME values are instants and are
 * always written out in UTC with a trailing Z; DATE and TIME values carry no zone.
 */
#ifndef DAICHO_CORE_TIMEUTIL_H
#define DAICHO_CORE_TIMEUTIL_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct ymd {
	int y, m, d;	/* year, month 1..12, day 1..31 */
};

/* Sets the process time zone (an IANA name such as "Asia/Tokyo"); false if unknown. */
bool time_set_zone(const char *zone);
/* Current time (seconds since the epoch). */
time_t time_now(void);
/* Formats t as "YYYY-MM-DDTHH:MM:SSZ" into out (at least 21 bytes). */
void time_fmt_utc(time_t t, char *out);
/*
 * Parses a DATETIME as kintone accepts it: "YYYY-MM-DDTHH:MM[:SS[.fff]]" followed by
 * "Z" or "+HH:MM"/"-HH:MM" (no zone = UTC), or a bare date "YYYY-MM-DD" (UTC midnight).
 */
bool time_parse_datetime(const char *s, time_t *out);
/*
 * Parses a DATE ("2015", "2015-07", "2015-7-5", "2015-07-05") and writes the
 * canonical "YYYY-MM-DD" into out (11 bytes). Missing parts become 01.
 */
bool time_parse_date(const char *s, char *out);
/* Parses a TIME "H:MM", "HH:MM" or "HH:MM:SS" and writes "HH:MM" into out (6 bytes). */
bool time_parse_time(const char *s, char *out);
/* The local calendar date of instant t, and its weekday (0 = Sunday). */
struct ymd time_local_date(time_t t, int *wday);
/* The instant at which local date d begins (local midnight). */
time_t time_local_midnight(struct ymd d);
/* Adds n days to d (n may be negative). */
struct ymd ymd_add_days(struct ymd d, int n);
/* Adds n months to d, clamping the day to the end of the month. */
struct ymd ymd_add_months(struct ymd d, int n);
/* Number of days in a month. */
int ymd_days_in_month(int y, int m);
/* Formats d as "YYYY-MM-DD" into out (11 bytes). */
void ymd_fmt(struct ymd d, char *out);
/* Compares two dates: <0, 0, >0. */
int ymd_cmp(struct ymd a, struct ymd b);

#endif
