/* Unit tests of rules/holidays.c and rules/hours.c: national holidays against the
 * published lists (内閣府「国民の祝日について」) for 2024-2027, and the hours window. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/timeutil.h"
#include "rules/holidays.h"
#include "rules/hours.h"

#include <stdio.h>
#include <string.h>

/* Formats a year's holidays as "MM-DD name,..." for comparison. */
static void year_list(int y, char *out, size_t size)
{
	struct holiday h[HOLIDAYS_MAX];
	int n = holidays_of_year(y, h);
	size_t k = 0;
	out[0] = '\0';
	for (int i = 0; i < n; i++)
		k += (size_t)snprintf(out + k, size - k, "%s%02d-%02d", i ? "," : "", h[i].m, h[i].d);
}

static void holidays(void **state)
{
	(void)state;
	char got[1024];
	year_list(2024, got, sizeof got);
	assert_string_equal(got, "01-01,01-08,02-11,02-12,02-23,03-20,04-29,05-03,05-04,05-05,"
				 "05-06,07-15,08-11,08-12,09-16,09-22,09-23,10-14,11-03,11-04,11-23");
	year_list(2025, got, sizeof got);
	assert_string_equal(got, "01-01,01-13,02-11,02-23,02-24,03-20,04-29,05-03,05-04,05-05,"
				 "05-06,07-21,08-11,09-15,09-23,10-13,11-03,11-23,11-24");
	year_list(2026, got, sizeof got);
	assert_string_equal(got, "01-01,01-12,02-11,02-23,03-20,04-29,05-03,05-04,05-05,05-06,"
				 "07-20,08-11,09-21,09-22,09-23,10-12,11-03,11-23");
	year_list(2027, got, sizeof got);
	assert_string_equal(got, "01-01,01-11,02-11,02-23,03-21,03-22,04-29,05-03,05-04,05-05,"
				 "07-19,08-11,09-20,09-23,10-11,11-03,11-23");
	/* The Olympic year moved three holidays. */
	year_list(2021, got, sizeof got);
	assert_non_null(strstr(got, "07-22,07-23,08-08,08-09"));
	const char *name = NULL;
	assert_true(holidays_is(2026, 9, 22, &name));
	assert_string_equal(name, "国民の休日");
	assert_true(holidays_is(2026, 5, 6, &name));
	assert_string_equal(name, "振替休日");
	assert_true(holidays_is(2027, 3, 21, &name));
	assert_string_equal(name, "春分の日");
	assert_false(holidays_is(2026, 11, 24, NULL));
	assert_int_equal(holidays_of_year(2100, (struct holiday[HOLIDAYS_MAX]){0}), 0);
	assert_int_equal(holidays_weekday(2026, 11, 23), 1);
}

static void week_text(void **state)
{
	(void)state;
	struct hours_cal c = {0};
	char out[128];
	assert_int_equal(hours_parse_week(",08:30-17:15,08:30-17:15,08:30-17:15,08:30-17:15,08:30-17:15,", &c), 0);
	assert_int_equal(c.open[0], -1);
	assert_int_equal(c.open[1], 8 * 60 + 30);
	assert_int_equal(c.close[5], 17 * 60 + 15);
	hours_format_week(&c, out, sizeof out);
	assert_string_equal(out, ",08:30-17:15,08:30-17:15,08:30-17:15,08:30-17:15,08:30-17:15,");
	assert_int_equal(hours_parse_week(",,,,,,", &c), 0);
	assert_int_equal(hours_parse_week("00:00-24:00,,,,,,", &c), 0);
	assert_int_equal(c.close[0], 24 * 60);
	assert_int_equal(hours_parse_week(",,,,,", &c), -1);		/* six days */
	assert_int_equal(hours_parse_week(",,,,,,,", &c), -1);		/* eight */
	assert_int_equal(hours_parse_week("17:00-08:00,,,,,,", &c), -1);	/* backwards */
	assert_int_equal(hours_parse_week("8:30-17:15,,,,,,", &c), -1);
	assert_int_equal(hours_parse_week("08:60-17:15,,,,,,", &c), -1);
}

/* Local time in Tokyo as an instant. */
static time_t at(int y, int m, int d, int h, int mi)
{
	return time_local_midnight((struct ymd){y, m, d}) + h * 3600 + mi * 60;
}

static void windows(void **state)
{
	(void)state;
	assert_true(time_set_zone("Asia/Tokyo"));
	int32_t closing[] = {20261229, 20261230, 20261231, 20270101, 20270102, 20270103};
	struct hours_cal c = {false, true, {0}, {0}, closing, 6};
	assert_int_equal(hours_parse_week(",08:30-17:15,08:30-17:15,08:30-17:15,08:30-17:15,08:30-17:15,", &c), 0);
	/* Tuesday 2026-11-24 10:00: open until 17:15. */
	struct hours_state s = hours_decide(&c, NULL, 0, 0, at(2026, 11, 24, 10, 0));
	assert_true(s.open);
	assert_string_equal(s.why, "calendar");
	assert_int_equal(s.until, at(2026, 11, 24, 17, 15));
	/* 17:15 sharp is closed; the next window is Wednesday 08:30. */
	s = hours_decide(&c, NULL, 0, 0, at(2026, 11, 24, 17, 15));
	assert_false(s.open);
	assert_int_equal(s.next, at(2026, 11, 25, 8, 30));
	/* Monday 2026-11-23 is 勤労感謝の日: closed, next is Tuesday. */
	s = hours_decide(&c, NULL, 0, 0, at(2026, 11, 23, 10, 0));
	assert_false(s.open);
	assert_int_equal(s.next, at(2026, 11, 24, 8, 30));
	/* Year end: closed from 12/29 to 1/3, and 1/4 2027 is a Monday. */
	s = hours_decide(&c, NULL, 0, 0, at(2026, 12, 28, 18, 0));
	assert_int_equal(s.next, at(2027, 1, 4, 8, 30));
	/* Holidays open when the calendar does not close on them. */
	c.holidays_closed = false;
	s = hours_decide(&c, NULL, 0, 0, at(2026, 11, 23, 10, 0));
	assert_true(s.open);
	c.holidays_closed = true;
	/* An overtime order 17:15-20:00 extends the day; one starting later is the next window. */
	struct hours_span o[] = {{at(2026, 11, 24, 17, 15), at(2026, 11, 24, 20, 0)},
				 {at(2026, 11, 24, 21, 0), at(2026, 11, 24, 22, 0)}};
	s = hours_decide(&c, o, 2, 0, at(2026, 11, 24, 16, 0));
	assert_true(s.open);
	assert_int_equal(s.until, at(2026, 11, 24, 20, 0));
	s = hours_decide(&c, o, 2, 0, at(2026, 11, 24, 19, 0));
	assert_true(s.open);
	assert_string_equal(s.why, "order");
	s = hours_decide(&c, o, 2, 0, at(2026, 11, 24, 20, 30));
	assert_false(s.open);
	assert_int_equal(s.next, at(2026, 11, 24, 21, 0));
	/* An override opens until its end. */
	s = hours_decide(&c, NULL, 0, at(2026, 11, 24, 23, 0), at(2026, 11, 24, 22, 30));
	assert_true(s.open);
	assert_string_equal(s.why, "override");
	assert_int_equal(s.until, at(2026, 11, 24, 23, 0));
	/* Always open (council members, Kumamoto 第14条). */
	struct hours_cal always = {true, true, {0}, {0}, NULL, 0};
	s = hours_decide(&always, NULL, 0, 0, at(2027, 1, 1, 3, 0));
	assert_true(s.open);
	assert_string_equal(s.why, "always");
	/* A calendar with no window at all: closed, no next window. */
	struct hours_cal never = {false, true, {-1, -1, -1, -1, -1, -1, -1},
				  {-1, -1, -1, -1, -1, -1, -1}, NULL, 0};
	s = hours_decide(&never, NULL, 0, 0, at(2026, 11, 24, 10, 0));
	assert_false(s.open);
	assert_int_equal(s.next, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(holidays),
		cmocka_unit_test(week_text),
		cmocka_unit_test(windows),
	};
	return cmocka_run_group_tests_name("hours", tests, NULL, NULL);
}
