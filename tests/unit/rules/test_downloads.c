/* Unit tests of rules/downloads: what counts, the verdict, the stated reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/downloads.h"

#include <string.h>

static void counting(void **state)
{
	(void)state;
	assert_int_equal(dl_count_for("records.read", 100), 100);
	assert_int_equal(dl_count_for("cursor.read", 7), 7);
	assert_int_equal(dl_count_for("record.read", 1), 1);
	assert_int_equal(dl_count_for("records.export", 5000), 5000);
	assert_int_equal(dl_count_for("file.download", 1), 1);
	assert_int_equal(dl_count_for("file.download", 0), 1);
	assert_int_equal(dl_count_for("records.aggregate", 0), 0);
	assert_int_equal(dl_count_for("records.update", 100), 0);
	assert_int_equal(dl_count_for(NULL, 3), 0);
}

static void verdicts(void **state)
{
	(void)state;
	struct dl_input in = {0, 0, 1000, 0, false};
	assert_int_equal(dl_decide(&in), DL_ALLOW);		/* nothing read */
	in = (struct dl_input){900, 100, 1000, 0, false};
	assert_int_equal(dl_decide(&in), DL_ALLOW);		/* exactly the threshold */
	in.count = 101;
	assert_int_equal(dl_decide(&in), DL_WARN);
	in.has_reason = true;
	assert_int_equal(dl_decide(&in), DL_WARN_REASON);
	in.cap = 1000;
	assert_int_equal(dl_decide(&in), DL_CAP);		/* the cap wins over a reason */
	in.cap = 1001;
	assert_int_equal(dl_decide(&in), DL_WARN_REASON);	/* at the cap: allowed with a reason */
	in = (struct dl_input){5000, 5000, 0, 0, false};
	assert_int_equal(dl_decide(&in), DL_ALLOW);		/* no threshold */
	in.cap = 9999;
	assert_int_equal(dl_decide(&in), DL_CAP);
}

static void reasons(void **state)
{
	(void)state;
	char out[DL_REASON_MAX * 4 + 8];
	assert_int_equal(dl_reason_decode("audit", out, sizeof out), 0);
	assert_string_equal(out, "audit");
	assert_int_equal(dl_reason_decode("%E7%85%A7%E4%BC%9A%E5%9B%9E%E7%AD%94", out, sizeof out), 0);
	assert_string_equal(out, "照会回答");				/* 4 characters, 12 bytes */
	assert_int_equal(dl_reason_decode("  a+b c  ", out, sizeof out), 0);
	assert_string_equal(out, "a+b c");				/* trimmed; '+' stays */
	assert_int_equal(dl_reason_decode("abc", out, sizeof out), -1);	/* too short */
	assert_int_equal(dl_reason_decode("   ab   ", out, sizeof out), -1);
	assert_int_equal(dl_reason_decode("ab%0Acd", out, sizeof out), -1);	/* control */
	assert_int_equal(dl_reason_decode("%FF%FEabcd", out, sizeof out), -1);	/* not UTF-8 */
	assert_int_equal(dl_reason_decode(NULL, out, sizeof out), -1);
	char big[DL_REASON_MAX + 2];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(dl_reason_decode(big, out, sizeof out), -1);	/* 501 */
	big[DL_REASON_MAX] = '\0';
	assert_int_equal(dl_reason_decode(big, out, sizeof out), 0);	/* 500 */
	assert_int_equal(dl_reason_decode("abcdef", out, 4), -1);	/* does not fit */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counting),
		cmocka_unit_test(verdicts),
		cmocka_unit_test(reasons),
	};
	return cmocka_run_group_tests_name("downloads", tests, NULL, NULL);
}
