/*
 * The docs follow the code: docs/API.md lists every route of the table, docs/ERRORS.md
 * every error code, docs/CONFIG.md every setting, docs/RULES.md every policy key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/config.h"
#include "core/err.h"
#include "http/routes.h"
#include "rules/policy.h"
#include "testutil.h"

static void api_lists_every_route(void **state)
{
	(void)state;
	char *doc = tu_read("docs/API.md");
	assert_non_null(doc);
	for (const struct route *r = routes_all(); r->method; r++) {
		char want[160];
		snprintf(want, sizeof want, "`%s %s`", r->method, r->path);
		if (strstr(doc, want) == NULL)
			fail_msg("docs/API.md does not describe %s", want);
	}
	free(doc);
}

static void errors_lists_every_code(void **state)
{
	(void)state;
	char *doc = tu_read("docs/ERRORS.md");
	assert_non_null(doc);
	for (int c = 1; c < E__COUNT; c++) {
		char want[64];
		snprintf(want, sizeof want, "`%s`", err_table((enum err_code)c)->kcode);
		if (strstr(doc, want) == NULL)
			fail_msg("docs/ERRORS.md does not list %s", want);
	}
	free(doc);
}

static void config_lists_every_setting(void **state)
{
	(void)state;
	char *doc = tu_read("docs/CONFIG.md");
	assert_non_null(doc);
	for (const struct config_key *k = config_keys(); k->key; k++)
		if (strstr(doc, k->env) == NULL || strstr(doc, k->def) == NULL)
			fail_msg("docs/CONFIG.md does not describe %s (default %s)", k->env, k->def);
	free(doc);
}

static void rules_lists_every_policy_key(void **state)
{
	(void)state;
	size_t n;
	const struct policy_key *k = policy_keys(&n);
	char *doc = tu_read("docs/RULES.md");
	assert_non_null(doc);
	for (size_t i = 0; i < n; i++) {
		char want[96];
		snprintf(want, sizeof want, "`%s`", k[i].key);
		if (strstr(doc, want) == NULL)
			fail_msg("docs/RULES.md does not describe the policy key %s", want);
	}
	free(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(api_lists_every_route),
		cmocka_unit_test(errors_lists_every_code),
		cmocka_unit_test(rules_lists_every_policy_key),
		cmocka_unit_test(config_lists_every_setting),
	};
	return cmocka_run_group_tests_name("docs", tests, NULL, NULL);
}
