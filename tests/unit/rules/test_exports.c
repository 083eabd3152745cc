/* Unit tests of rules/exports: the verdict, who may approve, the watermark. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/exports.h"

#include <string.h>

static void verdicts(void **state)
{
	(void)state;
	struct export_input in = {false, 1, true, 5000, 100, false};
	assert_int_equal(export_decide(&in), EXPORT_ALLOW);		/* rules off: kintone */
	in.rules = true;
	assert_int_equal(export_decide(&in), EXPORT_NEED_REASON);	/* class Ⅰ, no reason */
	in.has_reason = true;
	assert_int_equal(export_decide(&in), EXPORT_HOLD);		/* personal, above */
	in.count = 100;
	assert_int_equal(export_decide(&in), EXPORT_ALLOW);		/* exactly the threshold */
	in = (struct export_input){true, 2, true, 101, 100, false};
	assert_int_equal(export_decide(&in), EXPORT_HOLD);		/* class Ⅱ: no reason needed */
	in.personal = false;
	assert_int_equal(export_decide(&in), EXPORT_ALLOW);		/* not personal */
	in = (struct export_input){true, 3, true, 1000000, 0, false};
	assert_int_equal(export_decide(&in), EXPORT_ALLOW);		/* threshold 0: never held */
	in = (struct export_input){true, 0, false, 10, 100, false};
	assert_int_equal(export_decide(&in), EXPORT_ALLOW);		/* unclassified */
}

static void approvers(void **state)
{
	(void)state;
	struct export_approver a = {7, 7, 7, 8, true, true};
	assert_false(export_may_approve(&a));		/* never one's own, even as head */
	a.me = 8;
	assert_true(export_may_approve(&a));		/* department head */
	a = (struct export_approver){9, 7, 8, 0, false, false};
	assert_false(export_may_approve(&a));		/* a stranger */
	a.export_right = true;
	assert_true(export_may_approve(&a));		/* a colleague with the export right */
	a = (struct export_approver){9, 7, 0, 0, true, false};
	assert_true(export_may_approve(&a));		/* protection manager */
	a = (struct export_approver){8, 7, 8, 0, false, false};
	assert_true(export_may_approve(&a));		/* section head */
	a.me = 0;
	assert_false(export_may_approve(&a));		/* nobody */
}

static void watermark(void **state)
{
	(void)state;
	char out[160];
	/* 2026-11-23 07:30 UTC = 16:30 in Japan */
	export_watermark(out, sizeof out, "yamada", "山田 \"太郎\"\n", 1795419000, 9 * 3600, "r-1");
	assert_string_equal(out, "yamada 山田  太郎   2026-11-23 16:30+09:00 r-1");
	export_watermark(out, sizeof out, "a", "b", 0, -5 * 3600 - 1800, "x");
	assert_string_equal(out, "a b 1969-12-31 18:30-05:30 x");
	export_watermark(out, 6, "abcdefgh", "b", 0, 0, "x");
	assert_string_equal(out, "abcde");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verdicts),
		cmocka_unit_test(approvers),
		cmocka_unit_test(watermark),
	};
	return cmocka_run_group_tests_name("exports", tests, NULL, NULL);
}
