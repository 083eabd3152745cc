/* Unit tests of rules/ledger: the idle and expired flags of the ledger (Abiko §9(1)③). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/ledger.h"

static void days_between(void **state)
{
	(void)state;
	int64_t d;
	assert_true(ledger_days_between("2026-01-01", "2026-01-31", &d));
	assert_int_equal(d, 30);
	assert_true(ledger_days_between("2024-02-28T23:59:59Z", "2024-03-01", &d));
	assert_int_equal(d, 2);					/* a leap year */
	assert_true(ledger_days_between("2026-03-01", "2026-02-01", &d));
	assert_int_equal(d, -28);
	assert_false(ledger_days_between("", "2026-01-01", &d));
	assert_false(ledger_days_between("2026-13-01", "2026-01-01", &d));
	assert_false(ledger_days_between("26-01-01", "2026-01-01", &d));
	assert_false(ledger_days_between(NULL, "2026-01-01", &d));
}

static void idle(void **state)
{
	(void)state;
	struct ledger_facts f = {"2026-01-01T10:00:00.000Z", "2025-04-01T00:00:00Z", "", false, true};
	assert_int_equal(ledger_flags(&f, "2026-06-29", 180), 0);	/* 179 days */
	assert_int_equal(ledger_flags(&f, "2026-06-30", 180), LEDGER_IDLE);
	assert_int_equal(ledger_flags(&f, "2030-01-01", 0), 0);	/* off */
	/* Never used: counted from when it came into use. */
	f.last_activity = "";
	assert_int_equal(ledger_flags(&f, "2025-09-28", 180), LEDGER_IDLE);
	assert_int_equal(ledger_flags(&f, "2025-09-27", 180), 0);
	/* Never deployed or closed: never idle. */
	f.deployed = false;
	assert_int_equal(ledger_flags(&f, "2030-01-01", 180), 0);
	f.deployed = true;
	f.closed = true;
	assert_int_equal(ledger_flags(&f, "2030-01-01", 180), 0);
}

static void expired(void **state)
{
	(void)state;
	struct ledger_facts f = {"2026-05-01", "2026-04-01", "2026-05-31", false, true};
	assert_int_equal(ledger_flags(&f, "2026-05-31", 0), 0);		/* the end day is still in use */
	assert_int_equal(ledger_flags(&f, "2026-06-01", 0), LEDGER_EXPIRED);
	assert_int_equal(ledger_flags(&f, "2026-12-01", 180), LEDGER_EXPIRED | LEDGER_IDLE);
	f.end_date = "not a date";
	assert_int_equal(ledger_flags(&f, "2026-06-01", 0), 0);
	f.end_date = "2026-05-31";
	f.closed = true;
	assert_int_equal(ledger_flags(&f, "2026-06-01", 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(days_between),
		cmocka_unit_test(idle),
		cmocka_unit_test(expired),
	};
	return cmocka_run_group_tests_name("rules/ledger", tests, NULL, NULL);
}
