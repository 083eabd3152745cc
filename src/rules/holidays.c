/* holidays: Japan's national holidays for a year (see holidays.h). */
#include "rules/holidays.h"

#include <stddef.h>

int holidays_weekday(int y, int m, int d)
{
	static const int t[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
	if (m < 3)
		y -= 1;
	return (y + y / 4 - y / 100 + y / 400 + t[m - 1] + d) % 7;
}

/* The day of month of the n-th Monday (n >= 1) of y-m. */
static int nth_monday(int y, int m, int n)
{
	int w = holidays_weekday(y, m, 1);
	int first = 1 + (8 - w) % 7;
	return first + 7 * (n - 1);
}

/* 春分日 / 秋分日: the published approximation for 1980-2099. */
static int equinox(int y, double base)
{
	int k = y - 1980;
	return (int)(base + 0.242194 * k) - k / 4;
}

static int days_in_month(int y, int m)
{
	static const int n[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m == 2 && leap ? 29 : n[m - 1];
}

/* Day of the year (0-based) of m-d. */
static int yday(int y, int m, int d)
{
	int n = d - 1;
	for (int i = 1; i < m; i++)
		n += days_in_month(y, i);
	return n;
}

static void from_yday(int y, int n, int *m, int *d)
{
	int i = 1;
	while (n >= days_in_month(y, i)) {
		n -= days_in_month(y, i);
		i++;
	}
	*m = i;
	*d = n + 1;
}

/* The holidays named by the law itself (祝日), unordered. */
static int named(int y, struct holiday *h)
{
	int n = 0;
#define ADD(mm, dd, j, e) (h[n].m = (mm), h[n].d = (dd), h[n].ja = (j), h[n].en = (e), n++)
	ADD(1, 1, "元日", "New Year's Day");
	ADD(1, y >= 2000 ? nth_monday(y, 1, 2) : 15, "成人の日", "Coming of Age Day");
	ADD(2, 11, "建国記念の日", "National Foundation Day");
	if (y >= 2020)
		ADD(2, 23, "天皇誕生日", "Emperor's Birthday");
	ADD(3, equinox(y, 20.8431), "春分の日", "Vernal Equinox Day");
	ADD(4, 29, y >= 2007 ? "昭和の日" : y >= 1989 ? "みどりの日" : "天皇誕生日",
	    y >= 2007 ? "Showa Day" : y >= 1989 ? "Greenery Day" : "Emperor's Birthday");
	ADD(5, 3, "憲法記念日", "Constitution Memorial Day");
	if (y >= 2007)
		ADD(5, 4, "みどりの日", "Greenery Day");
	ADD(5, 5, "こどもの日", "Children's Day");
	if (y == 2020)
		ADD(7, 23, "海の日", "Marine Day");
	else if (y == 2021)
		ADD(7, 22, "海の日", "Marine Day");
	else if (y >= 2003)
		ADD(7, nth_monday(y, 7, 3), "海の日", "Marine Day");
	else if (y >= 1996)
		ADD(7, 20, "海の日", "Marine Day");
	if (y == 2020)
		ADD(8, 10, "山の日", "Mountain Day");
	else if (y == 2021)
		ADD(8, 8, "山の日", "Mountain Day");
	else if (y >= 2016)
		ADD(8, 11, "山の日", "Mountain Day");
	if (y >= 2003)
		ADD(9, nth_monday(y, 9, 3), "敬老の日", "Respect for the Aged Day");
	else
		ADD(9, 15, "敬老の日", "Respect for the Aged Day");
	ADD(9, equinox(y, 23.2488), "秋分の日", "Autumnal Equinox Day");
	if (y == 2020)
		ADD(7, 24, "スポーツの日", "Sports Day");
	else if (y == 2021)
		ADD(7, 23, "スポーツの日", "Sports Day");
	else if (y >= 2020)
		ADD(10, nth_monday(y, 10, 2), "スポーツの日", "Sports Day");
	else if (y >= 2000)
		ADD(10, nth_monday(y, 10, 2), "体育の日", "Health and Sports Day");
	else
		ADD(10, 10, "体育の日", "Health and Sports Day");
	ADD(11, 3, "文化の日", "Culture Day");
	ADD(11, 23, "勤労感謝の日", "Labour Thanksgiving Day");
	if (y >= 1989 && y <= 2018)
		ADD(12, 23, "天皇誕生日", "Emperor's Birthday");
#undef ADD
	return n;
}

int holidays_of_year(int y, struct holiday *out)
{
	if (y < 1980 || y > 2099)
		return 0;
	struct holiday h[HOLIDAYS_MAX];
	int n = named(y, h);
	/* One slot per day of the year: the named holiday, then the substitutes. */
	const struct holiday *day[366] = {0};
	bool named_day[366] = {0};
	struct holiday extra[HOLIDAYS_MAX];
	int n_extra = 0;
	int ndays = yday(y, 12, 31) + 1;
	for (int i = 0; i < n; i++) {
		int k = yday(y, h[i].m, h[i].d);
		day[k] = &h[i];
		named_day[k] = true;
	}
	/* 国民の休日: a day that is not a holiday, between two named holidays (1985-). */
	if (y >= 1986)
		for (int k = 1; k + 1 < ndays; k++)
			if (!named_day[k] && named_day[k - 1] && named_day[k + 1]) {
				struct holiday *x = &extra[n_extra++];
				from_yday(y, k, &x->m, &x->d);
				x->ja = "国民の休日";
				x->en = "Citizens' Holiday";
				day[k] = x;
			}
	/* 振替休日: a named holiday on a Sunday moves to the next day that is no holiday. */
	for (int k = 0; k < ndays; k++) {
		int m, d;
		from_yday(y, k, &m, &d);
		if (!named_day[k] || holidays_weekday(y, m, d) != 0)
			continue;
		int j = k + 1;
		while (j < ndays && day[j] != NULL)
			j++;
		if (j >= ndays || n_extra >= HOLIDAYS_MAX)
			continue;
		struct holiday *x = &extra[n_extra++];
		from_yday(y, j, &x->m, &x->d);
		x->ja = "振替休日";
		x->en = "Substitute Holiday";
		day[j] = x;
	}
	int out_n = 0;
	for (int k = 0; k < ndays && out_n < HOLIDAYS_MAX; k++)
		if (day[k] != NULL) {
			out[out_n] = *day[k];
			from_yday(y, k, &out[out_n].m, &out[out_n].d);
			out_n++;
		}
	return out_n;
}

bool holidays_is(int y, int m, int d, const char **ja)
{
	struct holiday h[HOLIDAYS_MAX];
	int n = holidays_of_year(y, h);
	for (int i = 0; i < n; i++)
		if (h[i].m == m && h[i].d == d) {
			if (ja != NULL)
				*ja = h[i].ja;
			return true;
		}
	return false;
}
