/* hours: working-hours calendars and the window computation (see hours.h). */
#include "rules/hours.h"
#include "core/timeutil.h"
#include "rules/holidays.h"

#include <stdio.h>
#include <string.h>

static int two_digits(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/* "HH:MM" at s (exactly five characters) into minutes, 24:00 allowed; -1 otherwise. */
static int hhmm(const char *s)
{
	int h = two_digits(s), m = two_digits(s + 3);
	if (h < 0 || m < 0 || s[2] != ':' || m > 59 || h > 24 || (h == 24 && m != 0))
		return -1;
	return h * 60 + m;
}

int hours_parse_span(const char *s, int *open, int *close)
{
	if (strlen(s) != 11 || s[5] != '-')
		return -1;
	int a = hhmm(s), b = hhmm(s + 6);
	if (a < 0 || b < 0 || b <= a)
		return -1;
	*open = a;
	*close = b;
	return 0;
}

int hours_parse_week(const char *text, struct hours_cal *c)
{
	int open[7], close[7], day = 0;
	const char *p = text;
	for (;;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (day >= 7 || len >= 16)
			return -1;
		char one[16];
		memcpy(one, p, len);
		one[len] = '\0';
		if (len == 0)
			open[day] = close[day] = -1;
		else if (hours_parse_span(one, &open[day], &close[day]) != 0)
			return -1;
		day++;
		if (end == NULL)
			break;
		p = end + 1;
	}
	if (day != 7)
		return -1;
	memcpy(c->open, open, sizeof open);
	memcpy(c->close, close, sizeof close);
	return 0;
}

void hours_format_week(const struct hours_cal *c, char *out, size_t size)
{
	size_t n = 0;
	out[0] = '\0';
	for (int i = 0; i < 7; i++) {
		int k;
		if (c->open[i] < 0)
			k = snprintf(out + n, size - n, "%s", i ? "," : "");
		else
			k = snprintf(out + n, size - n, "%s%02d:%02d-%02d:%02d", i ? "," : "",
				     c->open[i] / 60, c->open[i] % 60, c->close[i] / 60,
				     c->close[i] % 60);
		if (k < 0 || (size_t)k >= size - n)
			return;
		n += (size_t)k;
	}
}

bool hours_day_window(const struct hours_cal *c, int y, int m, int d, int wday, int *open,
		      int *close)
{
	if (c->always) {
		*open = 0;
		*close = 24 * 60;
		return true;
	}
	int32_t key = y * 10000 + m * 100 + d;
	for (size_t i = 0; i < c->n_closed; i++)
		if (c->closed_days[i] == key)
			return false;
	if (c->holidays_closed && holidays_is(y, m, d, NULL))
		return false;
	if (c->open[wday] < 0)
		return false;
	*open = c->open[wday];
	*close = c->close[wday];
	return true;
}

enum { LOOKAHEAD_DAYS = 370 };

/* The calendar window containing t ([*s, *e)), or the next one after t; false if none. */
static bool window_at_or_after(const struct hours_cal *c, time_t t, time_t *s, time_t *e)
{
	int wday;
	struct ymd day = time_local_date(t, &wday);
	for (int i = 0; i < LOOKAHEAD_DAYS; i++) {
		struct ymd d = ymd_add_days(day, i);
		int wd = (wday + i) % 7, open, close;
		if (!hours_day_window(c, d.y, d.m, d.d, wd, &open, &close))
			continue;
		time_t mid = time_local_midnight(d);
		time_t ws = mid + (time_t)open * 60, we = mid + (time_t)close * 60;
		if (we <= t)
			continue;
		*s = ws;
		*e = we;
		return true;
	}
	return false;
}

struct hours_state hours_decide(const struct hours_cal *c, const struct hours_span *orders,
				size_t n_orders, time_t override_until, time_t now)
{
	struct hours_state st = {false, "closed", 0, 0};
	time_t cs = 0, ce = 0;
	bool have_cal = window_at_or_after(c, now, &cs, &ce);
	if (override_until > now) {
		st.open = true;
		st.why = "override";
		st.until = override_until;
	} else if (have_cal && cs <= now) {
		st.open = true;
		st.why = c->always ? "always" : "calendar";
		st.until = ce;
	} else {
		for (size_t i = 0; i < n_orders; i++)
			if (orders[i].start <= now && now < orders[i].end) {
				st.open = true;
				st.why = "order";
				if (orders[i].end > st.until)
					st.until = orders[i].end;
			}
	}
	if (st.open) {
		/* Extend across windows that touch or overlap the current end. */
		for (int guard = 0; guard < 64; guard++) {
			time_t before = st.until;
			for (size_t i = 0; i < n_orders; i++)
				if (orders[i].start <= st.until && orders[i].end > st.until)
					st.until = orders[i].end;
			time_t s2, e2;
			if (window_at_or_after(c, st.until, &s2, &e2) && s2 <= st.until &&
			    e2 > st.until && !c->always)
				st.until = e2;
			if (st.until == before)
				break;
		}
		if (c->always && st.why[0] == 'a')
			st.until = 0;
		return st;
	}
	st.next = have_cal ? cs : 0;
	for (size_t i = 0; i < n_orders; i++)
		if (orders[i].start > now && (st.next == 0 || orders[i].start < st.next))
			st.next = orders[i].start;
	return st;
}
