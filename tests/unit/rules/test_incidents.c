/* Unit tests of rules/incidents: kinds, levels, statuses and the status rules (Kuki 第39条). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/incidents.h"

#include <string.h>

static void kinds(void **state)
{
	(void)state;
	assert_string_equal(incident_kind_ja("leaked"), "漏えい");
	assert_string_equal(incident_kind_ja("漏えい"), "漏えい");
	assert_string_equal(incident_kind_ja("lost"), "紛失");
	assert_string_equal(incident_kind_ja("tampering"), "改ざん");
	assert_string_equal(incident_kind_ja("failure"), "障害");
	assert_string_equal(incident_kind_ja("other"), "その他");
	assert_null(incident_kind_ja("meteor"));
	assert_null(incident_kind_ja(""));
	assert_null(incident_kind_ja(NULL));
	assert_string_equal(incident_kind_code("改ざん"), "tampering");
	assert_string_equal(incident_kind_code("???"), "other");
}

static void names(void **state)
{
	(void)state;
	assert_int_equal(incident_level_parse("protection_manager"), INC_LEVEL_MANAGER);
	assert_int_equal(incident_level_parse("mayor"), INC_LEVEL_MAYOR);
	assert_int_equal(incident_level_parse("mayors"), 0);
	assert_string_equal(incident_level_name(INC_LEVEL_CHIEF), "chief");
	assert_null(incident_level_name(0));
	assert_int_equal(incident_status_parse("recurrence_prevention"), INC_PREVENTION);
	assert_int_equal(incident_status_parse("done"), 0);
	assert_string_equal(incident_status_name(INC_CLOSED), "closed");
	assert_null(incident_status_name(5));
	assert_true(incident_entry_kind_ok("cause"));
	assert_false(incident_entry_kind_ok("status"));	/* written by daicho itself */
	assert_false(incident_entry_kind_ok("escalation"));
	assert_true(incident_containment_ok("disconnect"));
	assert_false(incident_containment_ok(""));
}

/* Cases are data: from, to, counts of containment/cause/prevention entries -> verdict, missing. */
static const struct {
	enum incident_status from, to;
	struct incident_counts c;
	int verdict;
	const char *missing;
} cases[] = {
	{INC_OPEN, INC_CONTAINED, {1, 0, 0}, 0, NULL},
	{INC_OPEN, INC_CONTAINED, {0, 0, 0}, 2, "containment"},
	{INC_OPEN, INC_PREVENTION, {1, 1, 1}, 1, NULL},		/* skipping a step */
	{INC_OPEN, INC_CLOSED, {1, 1, 1}, 1, NULL},
	{INC_CONTAINED, INC_OPEN, {1, 1, 1}, 1, NULL},		/* never backwards */
	{INC_CONTAINED, INC_CONTAINED, {1, 1, 1}, 1, NULL},
	{INC_CONTAINED, INC_PREVENTION, {1, 0, 0}, 2, "cause"},
	{INC_CONTAINED, INC_PREVENTION, {1, 1, 0}, 0, NULL},
	{INC_PREVENTION, INC_CLOSED, {1, 1, 0}, 2, "prevention"},
	{INC_PREVENTION, INC_CLOSED, {1, 0, 1}, 2, "cause"},
	{INC_PREVENTION, INC_CLOSED, {1, 2, 3}, 0, NULL},
	{INC_CLOSED, INC_CLOSED + 1, {1, 1, 1}, 1, NULL},
	{0, INC_OPEN, {0, 0, 0}, 1, NULL},
};

static void status_path(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const char *missing = "unset";
		int v = incident_status_check(cases[i].from, cases[i].to, &cases[i].c, &missing);
		if (v != cases[i].verdict)
			fail_msg("case %zu: verdict %d, want %d", i, v, cases[i].verdict);
		if (cases[i].missing == NULL)
			assert_null(missing);
		else
			assert_string_equal(missing, cases[i].missing);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kinds),
		cmocka_unit_test(names),
		cmocka_unit_test(status_path),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
