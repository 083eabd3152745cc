/* Unit tests of rules/lifecycle: which requests each state allows, where outcomes lead,
 * the registration items of Abiko §9(4)(5). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/lifecycle.h"

#include <string.h>

static void kinds(void **state)
{
	(void)state;
	assert_int_equal(lifecycle_kind_parse("publish"), LC_PUBLISH);
	assert_int_equal(lifecycle_kind_parse("change"), LC_CHANGE);
	assert_int_equal(lifecycle_kind_parse("end"), LC_END);
	assert_int_equal(lifecycle_kind_parse("delete"), -1);
	assert_int_equal(lifecycle_kind_parse(NULL), -1);
	assert_string_equal(lifecycle_kind_name(LC_END), "end");
}

static void transitions(void **state)
{
	(void)state;
	/* The rule on: publish from draft only, change and end of a published app. */
	assert_true(lifecycle_may_request(LC_PUBLISH, APP_DRAFT, true));
	assert_false(lifecycle_may_request(LC_PUBLISH, APP_PUBLISHED, true));
	assert_false(lifecycle_may_request(LC_PUBLISH, APP_APPROVED, true));
	assert_true(lifecycle_may_request(LC_END, APP_PUBLISHED, true));
	assert_false(lifecycle_may_request(LC_END, APP_DRAFT, true));
	assert_true(lifecycle_may_request(LC_CHANGE, APP_PUBLISHED, true));
	assert_false(lifecycle_may_request(LC_CHANGE, APP_DRAFT, true));
	/* The rule off: no publication requests (deploy publishes); My Number changes anywhere but closed. */
	assert_false(lifecycle_may_request(LC_PUBLISH, APP_DRAFT, false));
	assert_true(lifecycle_may_request(LC_CHANGE, APP_DRAFT, false));
	assert_false(lifecycle_may_request(LC_CHANGE, APP_CLOSED, false));
	/* Where each request waits and ends. */
	assert_int_equal(lifecycle_pending_state(LC_PUBLISH, APP_DRAFT), APP_REQUESTED);
	assert_int_equal(lifecycle_approved_state(LC_PUBLISH, APP_REQUESTED), APP_APPROVED);
	assert_int_equal(lifecycle_back_state(LC_PUBLISH, APP_REQUESTED), APP_DRAFT);
	assert_int_equal(lifecycle_pending_state(LC_END, APP_PUBLISHED), APP_END_REQUESTED);
	assert_int_equal(lifecycle_approved_state(LC_END, APP_END_REQUESTED), APP_CLOSED);
	assert_int_equal(lifecycle_back_state(LC_END, APP_END_REQUESTED), APP_PUBLISHED);
	assert_int_equal(lifecycle_pending_state(LC_CHANGE, APP_PUBLISHED), APP_PUBLISHED);
	assert_int_equal(lifecycle_approved_state(LC_CHANGE, APP_PUBLISHED), APP_PUBLISHED);
}

static void dates(void **state)
{
	(void)state;
	assert_true(lifecycle_date_valid("2026-04-01"));
	assert_true(lifecycle_date_valid("2024-02-29"));
	assert_false(lifecycle_date_valid("2025-02-29"));
	assert_false(lifecycle_date_valid("2026-13-01"));
	assert_false(lifecycle_date_valid("2026-4-1"));
	assert_false(lifecycle_date_valid(""));
	assert_false(lifecycle_date_valid(NULL));
}

static void registration(void **state)
{
	(void)state;
	struct lc_registration r = {"職員名簿", "連絡のため", "人事課長", "2026-04-01", "2031-03-31", 3, 1, 2};
	assert_int_equal(lifecycle_missing(&r), 0);
	r.purpose = "  ";
	r.end_date = "2026-03-31";	/* before the start */
	r.n_users = 0;
	unsigned miss = lifecycle_missing(&r);
	assert_int_equal(miss, REG_PURPOSE | REG_END | REG_USERS);
	struct lc_registration empty = {0};
	assert_int_equal(lifecycle_missing(&empty), REG__ALL);
	assert_string_equal(lifecycle_item_key(REG_START), "startDate");
	assert_string_equal(lifecycle_item_label(REG_PURPOSE, LANG_JA), "利用目的");
	assert_string_equal(lifecycle_item_label(REG_RESPONSIBLE, LANG_EN), "responsible person");
	assert_null(lifecycle_item_key(1u << 20));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds),
		cmocka_unit_test(transitions),
		cmocka_unit_test(dates),
		cmocka_unit_test(registration),
	};
	return cmocka_run_group_tests_name("lifecycle", tests, NULL, NULL);
}
