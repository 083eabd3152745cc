/*
 * hours: working-hours calendars and the window computation behind the hours rule
 * (Abiko §8: operate only in regular hours or overtime ordered by the section head;
 * Kumamoto 第14条: the council system is available 24/365). A calendar gives one
 * window per day of the week, may close on national holidays (rules/holidays.h) and on
 * the city's own closing days, or is "always" open. Times are local to the process zone
 * (core/timeutil). Pure: no I/O; the caller owns every array it passes in.
 */
#ifndef DAICHO_RULES_HOURS_H
#define DAICHO_RULES_HOURS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

struct hours_cal {
	bool always;			/* open every minute of every day */
	bool holidays_closed;		/* closed on national holidays */
	int open[7], close[7];		/* minutes after local midnight, [0] = Sunday; -1: closed */
	const int32_t *closed_days;	/* city closing days as YYYYMMDD, any order */
	size_t n_closed;
};

/* A time window [start, end) in epoch seconds (an overtime order, an override). */
struct hours_span {
	time_t start, end;
};

/*
 * Parses a week text: seven comma-separated entries, Sunday first, each "HH:MM-HH:MM" or
 * empty (closed that day). Sets c->open/close; -1 (c unchanged) when malformed or a
 * window does not end after it starts.
 */
int hours_parse_week(const char *text, struct hours_cal *c);
/* Writes c's week in the same form into out (at least 96 bytes). */
void hours_format_week(const struct hours_cal *c, char *out, size_t size);
/* Parses "HH:MM-HH:MM" into minutes; -1 when malformed. "" is not accepted. */
int hours_parse_span(const char *s, int *open, int *close);

/* The calendar's window on local date y-m-d (wday 0 = Sunday): true with *open and *close in
 * minutes when the day has one. */
bool hours_day_window(const struct hours_cal *c, int y, int m, int d, int wday, int *open,
		      int *close);

struct hours_state {
	bool open;		/* the person may work now */
	const char *why;	/* "always", "calendar", "order", "override", or "closed" */
	time_t until;		/* open: when the current window ends (0: not within a year) */
	time_t next;		/* closed: when the next window opens (0: none within a year) */
};

/*
 * Decides whether now falls in the calendar's window or in one of spans (orders and
 * overrides; override_until > now counts as open until then). Windows that touch are
 * joined when computing until.
 */
struct hours_state hours_decide(const struct hours_cal *c, const struct hours_span *orders,
				size_t n_orders, time_t override_until, time_t now);

#endif
