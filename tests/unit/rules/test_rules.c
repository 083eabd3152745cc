/* Unit tests of rules/: the sign-in lockout and the password rule. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/lockout.h"
#include "rules/password.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lockout),
		cmocka_unit_test(passwords),
	};
	return cmocka_run_group_tests_name("rules", tests, NULL, NULL);
}
