/* Unit tests of rules/: the sign-in lockout and the password rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/lockout.h"
#include "rules/password.h"
#include "rules/policy.h"
#include "rules/roles.h"

#include <string.h>

static void lockout(void **state)
{
	(void)state;
	struct lockout_policy p = {3, 6, 15};
	struct lockout_state s = {0, 0, 0};
	int64_t t = 1000;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(lockout_wait(&p, &s, t), 0);
		s = lockout_fail(&p, s, t);
	}
	/* From the third failure on, each attempt waits: 1 s, 2 s, 4 s ... */
	assert_int_equal(lockout_wait(&p, &s, t), 1);
	assert_int_equal(lockout_wait(&p, &s, t + 1), 0);
	s = lockout_fail(&p, s, t + 1);
	assert_int_equal(lockout_wait(&p, &s, t + 1), 2);
	s = lockout_fail(&p, s, t + 3);
	s = lockout_fail(&p, s, t + 10);
	/* The sixth failure locks for 15 minutes. */
	assert_int_equal(s.failed, 6);
	assert_int_equal(lockout_wait(&p, &s, t + 10), 15 * 60);
	assert_int_equal(lockout_wait(&p, &s, t + 10 + 15 * 60), 0);
	/* A failure after the lock ran out starts counting again. */
	s = lockout_fail(&p, s, t + 20 + 15 * 60);
	assert_int_equal(s.failed, 1);
	assert_int_equal(s.locked_until, 0);
}

static void passwords(void **state)
{
	enum fmsg why;
	(void)state;
	assert_int_equal(password_check("correct horse battery", "sato", &why), 0);
	assert_int_equal(password_check("台帳を守るパスワード", "sato", &why), 0);
	assert_int_equal(password_check("short", "sato", &why), -1);
	assert_int_equal(why, FM_PASSWORD_SHORT);
	assert_int_equal(password_check("Password123", "sato", &why), -1);
	assert_int_equal(why, FM_PASSWORD_COMMON);
	assert_int_equal(password_check("satoSATO", "satosato", &why), -1);
	assert_int_equal(why, FM_PASSWORD_COMMON);
	assert_int_equal(password_check("\xff\xfe\xfd\xfc\xfb\xfa\xf9\xf8", "x", &why), -1);
}

/* The two presets of password.preset (RULES.md row 20, Yabu 第11条2項). */
static void password_presets(void **state)
{
	enum fmsg why;
	(void)state;
	assert_int_equal(password_preset_parse("municipal"), PW_MUNICIPAL);
	assert_int_equal(password_preset_parse("asvs"), PW_ASVS);
	assert_int_equal(password_preset_parse(""), PW_ASVS);
	assert_int_equal(password_classes("abcdefgh"), 1);
	assert_int_equal(password_classes("abcdEFGH"), 2);
	assert_int_equal(password_classes("abcdEF12"), 3);
	assert_int_equal(password_classes("aB1!"), 4);
	assert_int_equal(password_classes("台帳a1"), 3);	/* non-ASCII counts as a symbol */
	/* asvs: a long passphrase of one class is fine; municipal wants three classes. */
	assert_int_equal(password_check_preset("correct horse battery", "sato", PW_ASVS, &why), 0);
	assert_int_equal(password_check_preset("correcthorsebattery", "sato", PW_MUNICIPAL, &why), -1);
	assert_int_equal(why, FM_PASSWORD_CLASSES);
	assert_int_equal(password_check_preset("Correct horse 7", "sato", PW_MUNICIPAL, &why), 0);
	/* The baseline still applies first under municipal. */
	assert_int_equal(password_check_preset("Ab1!", "sato", PW_MUNICIPAL, &why), -1);
	assert_int_equal(why, FM_PASSWORD_SHORT);
	assert_int_equal(password_check_preset("P@ssw0rd", "sato", PW_MUNICIPAL, &why), -1);
	assert_int_equal(why, FM_PASSWORD_COMMON);
	/* Age: only municipal with a maximum; the day it runs out counts as expired. */
	int64_t day = 86400, t0 = 1700000000;
	assert_false(password_expired(PW_ASVS, t0, 90, t0 + 365 * day));
	assert_false(password_expired(PW_MUNICIPAL, t0, 0, t0 + 365 * day));
	assert_false(password_expired(PW_MUNICIPAL, t0, 90, t0 + 90 * day - 1));
	assert_true(password_expired(PW_MUNICIPAL, t0, 90, t0 + 90 * day));
	/* History: only municipal, capped at 24. */
	assert_int_equal(password_history_depth(PW_ASVS, 5), 0);
	assert_int_equal(password_history_depth(PW_MUNICIPAL, 5), 5);
	assert_int_equal(password_history_depth(PW_MUNICIPAL, 100), 24);
	assert_int_equal(password_history_depth(PW_MUNICIPAL, 0), 0);
}

static void roles(void **state)
{
	char buf[160];
	(void)state;
	assert_int_equal(role_parse("auditor"), ROLE_AUDITOR);
	assert_int_equal(role_parse("root"), 0);
	assert_string_equal(roles_format(ROLE_ACCOUNT_ADMIN | ROLE_AUDITOR, buf, sizeof buf),
			    "account_admin,auditor");
	/* Who sets the rules cannot erase their evidence; the auditor is no administrator. */
	assert_non_null(roles_conflict(ROLE_SECURITY_ADMIN | ROLE_SYSTEM_ADMIN));
	assert_non_null(roles_conflict(ROLE_AUDITOR | ROLE_ACCOUNT_ADMIN));
	assert_null(roles_conflict(ROLE_ACCOUNT_ADMIN | ROLE_SYSTEM_ADMIN));
	assert_null(roles_conflict(ROLE_SECURITY_ADMIN | ROLE_CHIEF_PROTECTION));
	assert_null(roles_conflict(ROLE_AUDITOR | ROLE_CHIEF_PROTECTION));
}

static void policy(void **state)
{
	size_t n;
	char text[64];
	(void)state;
	const struct policy_key *k = policy_keys(&n);
	policy_reset();
	/* A fresh install has every switchable rule off. */
	assert_false(policy_any_rule_on());
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(policy_validate(&k[i], k[i].def), 0);
		assert_int_equal(policy_validate(&k[i], policy_preset_value("abiko", &k[i])), 0);
	}
	assert_int_equal(policy_apply("devices.required", "yes"), -1);
	assert_int_equal(policy_apply("no.such.rule", "true"), -1);
	assert_int_equal(policy_apply("audit.retention_days", "-1"), -1);
	assert_int_equal(policy_apply("password.preset", "weak"), -1);
	assert_int_equal(policy_apply("devices.required", "true"), 0);
	assert_true(policy_bool("devices.required"));
	assert_true(policy_any_rule_on());
	assert_int_equal(policy_apply("audit.retention_days", "30"), 0);
	assert_int_equal(policy_int("audit.retention_days"), 30);
	policy_text("api.allow", text, sizeof text);
	assert_string_equal(text, "127.0.0.1/32,::1/128");
	assert_null(policy_preset_value("nowhere", &k[0]));
	policy_reset();
	assert_false(policy_bool("devices.required"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lockout),
		cmocka_unit_test(passwords),
		cmocka_unit_test(password_presets),
		cmocka_unit_test(roles),
		cmocka_unit_test(policy),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
