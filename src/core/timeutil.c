/* timeutil: kintone date/time parsing and local-calendar arithmetic (see timeutil.h). */
#include "core/timeutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool time_set_zone(const char *zone)
{
	char path[512];
	if (zone == NULL || *zone == '\0' || strstr(zone, "..") != NULL)
		return false;
	if (strcmp(zone, "UTC") != 0) {
		snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", zone);
		if (access(path, R_OK) != 0)
			return false;
	}
	setenv("TZ", zone, 1);
	tzset();
	return true;
}

/* Writes v as exactly width decimal digits (zero-padded, wrapped) at p. */
static void put_num(char *p, int v, int width)
{
	if (v < 0)
		v = -v;
	for (int i = width - 1; i >= 0; i--) {
		p[i] = (char)('0' + v % 10);
		v /= 10;
	}
}

/* Writes "YYYY-MM-DD" and a NUL at out (11 bytes). */
static void fmt_ymd(char *out, int y, int m, int d)
{
	put_num(out, y, 4);
	out[4] = '-';
	put_num(out + 5, m, 2);
	out[7] = '-';
	put_num(out + 8, d, 2);
	out[10] = '\0';
}

time_t time_now(void)
{
	return time(NULL);
}

void time_fmt_utc(time_t t, char *out)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	fmt_ymd(out, tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
	out[10] = 'T';
	put_num(out + 11, tm.tm_hour, 2);
	out[13] = ':';
	put_num(out + 14, tm.tm_min, 2);
	out[16] = ':';
	put_num(out + 17, tm.tm_sec, 2);
	out[19] = 'Z';
	out[20] = '\0';
}

/* Reads exactly n digits at *p into *v and advances *p. */
static bool digits(const char **p, int n, int *v)
{
	int x = 0;
	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return false;
		x = x * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*v = x;
	return true;
}

/* Reads 1 or 2 digits. */
static bool digits12(const char **p, int *v)
{
	if (!isdigit((unsigned char)**p))
		return false;
	int x = *(*p)++ - '0';
	if (isdigit((unsigned char)**p))
		x = x * 10 + (*(*p)++ - '0');
	*v = x;
	return true;
}

int ymd_days_in_month(int y, int m)
{
	static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[(m - 1) % 12];
}

static bool valid_ymd(int y, int m, int d)
{
	return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= ymd_days_in_month(y, m);
}

bool time_parse_date(const char *s, char *out)
{
	const char *p = s;
	int y, m = 1, d = 1;
	if (!digits(&p, 4, &y))
		return false;
	if (*p == '-') {
		p++;
		if (!digits12(&p, &m))
			return false;
		if (*p == '-') {
			p++;
			if (!digits12(&p, &d))
				return false;
		}
	}
	if (*p != '\0' || !valid_ymd(y, m, d))
		return false;
	fmt_ymd(out, y, m, d);
	return true;
}

bool time_parse_time(const char *s, char *out)
{
	const char *p = s;
	int h, mi, sec = 0;
	if (!digits12(&p, &h) || *p++ != ':' || !digits(&p, 2, &mi))
		return false;
	if (*p == ':') {
		p++;
		if (!digits(&p, 2, &sec))
			return false;
	}
	if (*p != '\0' || h > 23 || mi > 59 || sec > 59)
		return false;
	put_num(out, h, 2);
	out[2] = ':';
	put_num(out + 3, mi, 2);
	out[5] = '\0';
	return true;
}

bool time_parse_datetime(const char *s, time_t *out)
{
	const char *p = s;
	int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
	if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) || *p++ != '-' ||
	    !digits(&p, 2, &d))
		return false;
	if (*p == 'T' || *p == 't' || *p == ' ') {
		p++;
		if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi))
			return false;
		if (*p == ':') {
			p++;
			if (!digits(&p, 2, &sec))
				return false;
			if (*p == '.') {
				p++;
				if (!isdigit((unsigned char)*p))
					return false;
				while (isdigit((unsigned char)*p))
					p++;
			}
		}
		if (*p == 'Z' || *p == 'z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om;
			if (!digits(&p, 2, &oh))
				return false;
			if (*p == ':')
				p++;
			if (!digits(&p, 2, &om) || oh > 23 || om > 59)
				return false;
			off = sign * (oh * 3600 + om * 60);
		}
	}
	if (*p != '\0' || !valid_ymd(y, mo, d) || h > 23 || mi > 59 || sec > 59)
		return false;
	struct tm tm = {.tm_year = y - 1900, .tm_mon = mo - 1, .tm_mday = d,
			.tm_hour = h, .tm_min = mi, .tm_sec = sec};
	*out = timegm(&tm) - off;
	return true;
}

struct ymd time_local_date(time_t t, int *wday)
{
	struct tm tm;
	localtime_r(&t, &tm);
	if (wday)
		*wday = tm.tm_wday;
	return (struct ymd){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

time_t time_local_midnight(struct ymd d)
{
	struct tm tm = {.tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d, .tm_isdst = -1};
	return mktime(&tm);
}

struct ymd ymd_add_days(struct ymd d, int n)
{
	struct tm tm = {.tm_year = d.y - 1900, .tm_mon = d.m - 1, .tm_mday = d.d + n, .tm_hour = 12};
	time_t t = timegm(&tm);
	gmtime_r(&t, &tm);
	return (struct ymd){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

struct ymd ymd_add_months(struct ymd d, int n)
{
	int idx = d.y * 12 + (d.m - 1) + n;
	struct ymd r = {idx / 12, idx % 12 + 1, d.d};
	int dim = ymd_days_in_month(r.y, r.m);
	if (r.d > dim)
		r.d = dim;
	return r;
}

void ymd_fmt(struct ymd d, char *out)
{
	fmt_ymd(out, d.y, d.m, d.d);
}

int ymd_cmp(struct ymd a, struct ymd b)
{
	if (a.y != b.y)
		return a.y < b.y ? -1 : 1;
	if (a.m != b.m)
		return a.m < b.m ? -1 : 1;
	return (a.d > b.d) - (a.d < b.d);
}
