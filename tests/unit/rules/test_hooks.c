/* Unit tests of rules/hooks: webhook URLs, the allow-list and token rights (Abiko §10). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/hooks.h"

#include <string.h>

static void urls(void **state)
{
	(void)state;
	char host[64];
	assert_true(hooks_url_valid("https://hooks.example.jp/city/a?x=1"));
	assert_true(hooks_url_valid("http://127.0.0.1:8080/"));
	assert_true(hooks_url_valid("http://[::1]:9/x"));
	const char *bad[] = {"", "ftp://example.jp/", "https://", "https:///x", "https://u:p@example.jp/",
			     "https://example.jp /", "https://exa_mple.jp/", "https://example.jp:x/",
			     "https://example.jp:/", "javascript:alert(1)", "https://[::1/",
			     "https://example.jp:1234567/", "https://example.jp\\@evil/"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(hooks_url_valid(bad[i]));
	assert_true(hooks_url_host("HTTPS://Hooks.Example.JP:443/x", host, sizeof host));
	assert_string_equal(host, "hooks.example.jp");
	assert_true(hooks_url_host("http://[::1]:9/x", host, sizeof host));
	assert_string_equal(host, "::1");
}

static void allow_list(void **state)
{
	(void)state;
	assert_int_equal(hooks_allow_list_valid(""), 0);
	assert_int_equal(hooks_allow_list_valid("hooks.example.jp, https://a.example/x/ ,127.0.0.1"), 0);
	assert_int_not_equal(hooks_allow_list_valid("ftp://a.example/"), 0);
	assert_int_not_equal(hooks_allow_list_valid("a.example/x"), 0);
	assert_int_not_equal(hooks_allow_list_valid("a.example:80"), 0);
	assert_int_not_equal(hooks_allow_list_valid("u@a.example"), 0);
	/* An empty list admits nothing. */
	assert_false(hooks_url_allowed("", "https://hooks.example.jp/"));
	assert_false(hooks_url_allowed(" , ", "https://hooks.example.jp/"));
	/* Hosts: any scheme, port and path on that host, never a longer name. */
	const char *l = "Hooks.Example.jp,127.0.0.1";
	assert_true(hooks_url_allowed(l, "https://hooks.example.jp/a"));
	assert_true(hooks_url_allowed(l, "http://127.0.0.1:9999/x"));
	assert_false(hooks_url_allowed(l, "https://hooks.example.jp.evil.net/"));
	assert_false(hooks_url_allowed(l, "https://evil.net/hooks.example.jp"));
	assert_false(hooks_url_allowed(l, "https://hooks.example.jp@evil.net/"));
	/* Prefixes end at a boundary. */
	const char *p = "https://a.example,https://b.example/city/";
	assert_true(hooks_url_allowed(p, "https://a.example"));
	assert_true(hooks_url_allowed(p, "https://a.example/x"));
	assert_true(hooks_url_allowed(p, "https://a.example?x"));
	assert_false(hooks_url_allowed(p, "https://a.example.evil/"));
	assert_false(hooks_url_allowed(p, "https://a.example:8443/"));
	assert_false(hooks_url_allowed(p, "http://a.example/"));
	assert_true(hooks_url_allowed(p, "https://b.example/city/hook"));
	assert_false(hooks_url_allowed(p, "https://b.example/cityhall/"));
	assert_false(hooks_url_allowed(p, "https://b.example/"));
	assert_false(hooks_url_allowed(p, "not a url"));
}

static void token_rights(void **state)
{
	(void)state;
	assert_int_equal(hooks_token_rights(1 | 2 | 4, 1 | 4 | 16), 1 | 4);
	assert_int_equal(hooks_token_rights(1, 0), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(urls),
		cmocka_unit_test(allow_list),
		cmocka_unit_test(token_rights),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
