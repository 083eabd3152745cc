/* Unit tests of auth/totp: the RFC 6238 test vectors (SHA-1), drift, replay, the URI. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "auth/totp.h"

#include <string.h>

/* RFC 6238 appendix B, SHA-1 column: secret "12345678901234567890", 8 digits. */
static void rfc6238_vectors(void **state)
{
	static const struct {
		time_t t;
		const char *code;
	} v[] = {
		{59, "94287082"}, {1111111109, "07081804"}, {1111111111, "14050471"},
		{1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"},
	};
	(void)state;
	char out[9];
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		assert_int_equal(totp_code_raw("12345678901234567890", 20, v[i].t, 8, out), 0);
		assert_string_equal(out, v[i].code);
	}
	/* The same secret in base32, as authenticator apps get it; 6 digits are the last 6. */
	assert_int_equal(totp_code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", 59, 6, out), 0);
	assert_string_equal(out, "287082");
}

static void check_window_and_replay(void **state)
{
	(void)state;
	const char *sec = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
	char code[7];
	time_t t = 1700000000;
	int64_t step = t / TOTP_STEP;
	assert_int_equal(totp_code(sec, t, 6, code), 0);
	assert_int_equal(totp_check(sec, t, code, -1), step);
	/* One step of drift either way is accepted, two are not. */
	assert_int_equal(totp_check(sec, t + TOTP_STEP, code, -1), step);
	assert_int_equal(totp_check(sec, t - TOTP_STEP, code, -1), step);
	assert_int_equal(totp_check(sec, t + 3 * TOTP_STEP, code, -1), -1);
	/* A code of a step already used is a replay. */
	assert_int_equal(totp_check(sec, t, code, step), -2);
	assert_int_equal(totp_check(sec, t, code, step + 1), -2);
	/* Malformed codes and secrets. */
	assert_int_equal(totp_check(sec, t, "12345", -1), -1);
	assert_int_equal(totp_check(sec, t, "12a456", -1), -1);
	assert_int_equal(totp_check("", t, code, -1), -1);
}

static void secrets_and_uri(void **state)
{
	(void)state;
	char a[TOTP_BASE32_LEN + 1], b[TOTP_BASE32_LEN + 1], uri[256], code[7];
	totp_new_secret(a);
	totp_new_secret(b);
	assert_int_equal(strlen(a), TOTP_BASE32_LEN);
	assert_string_not_equal(a, b);
	assert_int_equal(strspn(a, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), TOTP_BASE32_LEN);
	assert_int_equal(totp_code(a, 1700000000, 6, code), 0);
	assert_int_equal(totp_uri(a, "sato@city", uri, sizeof uri), 0);
	assert_non_null(strstr(uri, "otpauth://totp/daicho:sato@city?secret="));
	assert_non_null(strstr(uri, a));
	assert_int_equal(totp_uri(a, "sato", uri, 20), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rfc6238_vectors),
		cmocka_unit_test(check_window_and_replay),
		cmocka_unit_test(secrets_and_uri),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
