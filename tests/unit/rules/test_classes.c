/* Unit tests of rules/classes: class list, lifecycle states, approval routes, naming rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/classes.h"
#include "rules/policy.h"

#include <string.h>

static int reset(void **state)
{
	(void)state;
	policy_reset();
	return 0;
}

static void class_list(void **state)
{
	(void)state;
	char buf[32];
	assert_int_equal(classes_count(), 4);
	assert_string_equal(classes_label(1, buf, sizeof buf), "Ⅰ");
	assert_string_equal(classes_label(4, buf, sizeof buf), "Ⅳ");
	assert_string_equal(classes_label(9, buf, sizeof buf), "Ⅳ");	/* clamped */
	assert_int_equal(classes_default_rank(), 4);
	assert_int_equal(policy_apply("apps.classes", "機密性3, 機密性2 ,機密性1"), 0);
	assert_int_equal(classes_count(), 3);
	assert_string_equal(classes_label(2, buf, sizeof buf), "機密性2");
	assert_int_equal(classes_clamp(4), 3);
	assert_int_equal(classes_clamp(0), 1);
	assert_int_equal(policy_apply("apps.classes", ""), -1);
	assert_int_equal(policy_apply("apps.classes", "A,,B"), -1);
	assert_int_equal(policy_apply("apps.classes", " , "), -1);
}

static void states_and_flags(void **state)
{
	(void)state;
	for (int s = 0; s < APP_STATE_COUNT; s++)
		assert_int_equal(app_state_parse(app_state_name((enum app_state)s)), s);
	assert_int_equal(app_state_parse("open"), -1);
	assert_true(app_state_in_use(APP_PUBLISHED));
	assert_true(app_state_in_use(APP_END_REQUESTED));
	assert_false(app_state_in_use(APP_APPROVED));
	assert_false(app_state_in_use(APP_CLOSED));
	assert_string_equal(app_state_label(APP_REQUESTED, false), "承認待ち");
	assert_int_equal(app_flag_parse("mynumber"), APP_FLAG_MYNUMBER);
	assert_int_equal(app_flag_parse("secret"), 0);
	assert_string_equal(app_flag_name(APP_FLAG_SENSITIVE), "sensitive");
}

static void routes(void **state)
{
	(void)state;
	enum approval_step r[4];
	/* Abiko §9(3): classes Ⅱ-Ⅳ, the section head. */
	assert_int_equal(approval_route(2, APP_FLAG_PERSONAL, r, 4), 1);
	assert_int_equal(r[0], APPROVER_SECTION_HEAD);
	/* §9(4): class Ⅰ, the department head. */
	assert_int_equal(approval_route(1, 0, r, 4), 1);
	assert_int_equal(r[0], APPROVER_DEPARTMENT_HEAD);
	/* §9(5): class Ⅰ with sensitive data, also the administration section. */
	assert_int_equal(approval_route(1, APP_FLAG_SENSITIVE, r, 4), 2);
	assert_int_equal(r[1], APPROVER_ADMINISTRATION);
	assert_int_equal(approval_route(3, APP_FLAG_MYNUMBER, r, 4), 2);
	assert_int_equal(r[0], APPROVER_SECTION_HEAD);
	assert_int_equal(approval_route(1, APP_FLAG_SENSITIVE, r, 1), 1);
}

static void naming(void **state)
{
	(void)state;
	assert_true(naming_ok("anything"));
	assert_int_equal(policy_apply("apps.naming_pattern", "^[A-Z]{2}-"), 0);
	assert_true(naming_ok("KS-台帳"));
	assert_false(naming_ok("台帳"));
	assert_int_equal(policy_apply("apps.naming_pattern", "(unclosed"), -1);
	assert_int_equal(naming_pattern_valid(""), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(class_list, reset),
		cmocka_unit_test_setup(states_and_flags, reset),
		cmocka_unit_test_setup(routes, reset),
		cmocka_unit_test_setup(naming, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
