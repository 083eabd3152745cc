/* Unit tests of core/: decimals, dates and times, UTF-8, the JSON writer, buffers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/buf.h"
#include "core/jsonw.h"
#include "core/strutil.h"
#include "core/timeutil.h"
#include "core/utf8.h"

static void decimals(void **state)
{
	static const struct {
		const char *in, *out;	/* out NULL: refused */
	} cases[] = {
		{"42", "42"}, {" 42 ", "42"}, {"+7", "7"}, {"-0", "0"}, {"-0.0", "0"},
		{"1.50", "1.5"}, {"1.5e1", "15"}, {"1.5E+1", "15"}, {"150e-2", "1.5"},
		{"0.000123", "0.000123"}, {"1e-3", "0.001"}, {"-12.3400", "-12.34"},
		{"007", "7"}, {".5", "0.5"}, {"5.", "5"},
		{"123456789012345678901234567890", "123456789012345678901234567890"},
		{"", NULL}, {"abc", NULL}, {"1.2.3", NULL}, {"1e", NULL}, {"--1", NULL},
		{"1 2", NULL}, {"0x10", NULL}, {"1e5000", NULL}, {"NaN", NULL},
	};
	char out[128];
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		bool ok = decimal_normalise(cases[i].in, out, sizeof out, 40);
		if (cases[i].out == NULL) {
			if (ok)
				fail_msg("\"%s\" should be refused, got \"%s\"", cases[i].in, out);
		} else {
			if (!ok)
				fail_msg("\"%s\" refused", cases[i].in);
			assert_string_equal(out, cases[i].out);
		}
	}
	assert_false(decimal_normalise("12345678901", out, sizeof out, 10));
	assert_true(decimal_cmp("10", "9") > 0);
	assert_true(decimal_cmp("-10", "-9") < 0);
	assert_true(decimal_cmp("1.05", "1.5") < 0);
	assert_true(decimal_cmp("2", "2") == 0);
	assert_true(decimal_cmp("-1", "0.5") < 0);
	assert_true(decimal_cmp("0.50", "0.5") == 0);
}

static void dates_and_times(void **state)
{
	char out[32];
	time_t t;
	(void)state;
	assert_true(time_parse_date("2015", out));
	assert_string_equal(out, "2015-01-01");
	assert_true(time_parse_date("2015-7", out));
	assert_string_equal(out, "2015-07-01");
	assert_true(time_parse_date("2015-7-5", out));
	assert_string_equal(out, "2015-07-05");
	assert_true(time_parse_date("2024-02-29", out));
	assert_false(time_parse_date("2023-02-29", out));
	assert_false(time_parse_date("2024-13-01", out));
	assert_false(time_parse_date("24-01-01", out));
	assert_false(time_parse_date("2024/01/01", out));
	assert_true(time_parse_time("9:05", out));
	assert_string_equal(out, "09:05");
	assert_true(time_parse_time("23:59:59", out));
	assert_string_equal(out, "23:59");
	assert_false(time_parse_time("24:00", out));
	assert_false(time_parse_time("12:60", out));
	assert_true(time_parse_datetime("2024-01-02T03:04:05Z", &t));
	time_fmt_utc(t, out);
	assert_string_equal(out, "2024-01-02T03:04:05Z");
	assert_true(time_parse_datetime("2024-01-02T09:04:05+09:00", &t));
	time_fmt_utc(t, out);
	assert_string_equal(out, "2024-01-02T00:04:05Z");
	assert_true(time_parse_datetime("2024-01-02T09:04", &t));
	time_fmt_utc(t, out);
	assert_string_equal(out, "2024-01-02T09:04:00Z");
	assert_true(time_parse_datetime("2024-01-02", &t));
	time_fmt_utc(t, out);
	assert_string_equal(out, "2024-01-02T00:00:00Z");
	assert_false(time_parse_datetime("2024-01-02T25:00:00Z", &t));
	assert_false(time_parse_datetime("2024-01-02T10:00:00+9", &t));
	assert_true(time_set_zone("Asia/Tokyo"));
	assert_false(time_set_zone("Nowhere/Atlantis"));
	struct ymd d = time_local_date(t, NULL);	/* 2024-01-02 00:00Z = 09:00 in Tokyo */
	assert_int_equal(d.d, 2);
	time_t mid = time_local_midnight((struct ymd){2024, 1, 2});
	time_fmt_utc(mid, out);
	assert_string_equal(out, "2024-01-01T15:00:00Z");
	struct ymd e = ymd_add_months((struct ymd){2024, 1, 31}, 1);
	assert_int_equal(e.m, 2);
	assert_int_equal(e.d, 29);
	e = ymd_add_days((struct ymd){2024, 12, 31}, 1);
	assert_int_equal(e.y, 2025);
	assert_int_equal(e.m, 1);
	assert_int_equal(e.d, 1);
}

static void utf8(void **state)
{
	size_t bad;
	(void)state;
	assert_true(utf8_valid("台帳 ok", strlen("台帳 ok"), NULL));
	assert_false(utf8_valid("\xff", 1, &bad));
	assert_int_equal(bad, 0);
	assert_false(utf8_valid("ab\xc0\xaf", 4, &bad));	/* overlong '/' */
	assert_int_equal(bad, 2);
	assert_false(utf8_valid("\xed\xa0\x80", 3, NULL));	/* surrogate */
	assert_false(utf8_valid("\xf4\x90\x80\x80", 4, NULL));	/* above U+10FFFF */
	assert_false(utf8_valid("\xe3\x81", 2, NULL));		/* truncated */
	assert_int_equal(utf8_count("台帳ab", strlen("台帳ab")), 4);
}

static void json_writer(void **state)
{
	struct buf b;
	struct jsonw w;
	(void)state;
	buf_init(&b, 0);
	jsonw_init(&w, &b);
	jsonw_obj(&w);
	jsonw_kstr(&w, "a", "q\"\\\n\x01台");
	jsonw_kint_str(&w, "n", -5);
	jsonw_key(&w, "list");
	jsonw_arr(&w);
	jsonw_null(&w);
	jsonw_bool(&w, true);
	jsonw_raw(&w, "[1]", 3);
	jsonw_arr_end(&w);
	jsonw_obj_end(&w);
	assert_string_equal(buf_str(&b),
			    "{\"a\":\"q\\\"\\\\\\n\\u0001台\",\"n\":\"-5\",\"list\":[null,true,[1]]}");
	buf_free(&b);
	buf_init(&b, 4);
	buf_puts(&b, "abc");
	buf_puts(&b, "de");
	assert_true(buf_overflowed(&b));
	assert_string_equal(buf_str(&b), "abc");
	buf_free(&b);
}

static void integers(void **state)
{
	int64_t v;
	(void)state;
	assert_true(str_to_i64("-9223372036854775808", &v));
	assert_false(str_to_i64("9223372036854775808", &v));
	assert_false(str_to_i64("12a", &v));
	assert_false(str_to_i64("", &v));
	assert_false(str_to_i64(" 1", &v));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decimals),
		cmocka_unit_test(dates_and_times),
		cmocka_unit_test(utf8),
		cmocka_unit_test(json_writer),
		cmocka_unit_test(integers),
	};
	return cmocka_run_group_tests_name("core", tests, NULL, NULL);
}
