/* Unit tests of rules/cidr: the API address allow-list (policy "api.allow"). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "rules/cidr.h"

#include <string.h>

static bool in(const char *range, const char *addr)
{
	struct cidr c;
	assert_int_equal(cidr_parse(range, strlen(range), &c), 0);
	return cidr_contains(&c, addr);
}

static void ipv4(void **state)
{
	(void)state;
	assert_true(in("127.0.0.1/32", "127.0.0.1"));
	assert_false(in("127.0.0.1/32", "127.0.0.2"));
	assert_true(in("192.168.10.0/24", "192.168.10.255"));
	assert_false(in("192.168.10.0/24", "192.168.11.0"));
	assert_true(in("10.1.2.3/8", "10.200.0.1"));	/* host bits are ignored */
	assert_true(in("172.16.0.0/12", "172.31.255.255"));
	assert_false(in("172.16.0.0/12", "172.32.0.0"));
	assert_true(in("0.0.0.0/0", "203.0.113.9"));
	assert_true(in("203.0.113.9", "203.0.113.9"));	/* a bare address is one host */
	assert_true(in(" 192.0.2.0/25 ", "192.0.2.127"));
	assert_false(in("192.0.2.0/25", "192.0.2.128"));
	/* A dual-stack socket reports IPv4 clients as IPv4-mapped IPv6. */
	assert_true(in("127.0.0.0/8", "::ffff:127.0.0.1"));
	assert_false(in("127.0.0.0/8", "::1"));
	assert_false(in("127.0.0.0/8", "not an address"));
	assert_false(in("127.0.0.0/8", ""));
}

static void ipv6(void **state)
{
	(void)state;
	assert_true(in("::1/128", "::1"));
	assert_false(in("::1/128", "::2"));
	assert_true(in("2001:db8::/32", "2001:db8:ffff::1"));
	assert_false(in("2001:db8::/32", "2001:db9::1"));
	assert_true(in("fe80::/10", "febf::1"));
	assert_false(in("fe80::/10", "fec0::1"));
	assert_true(in("::/0", "2001:db8::1"));
	assert_false(in("::/0", "192.0.2.1"));	/* families never mix */
}

static void malformed(void **state)
{
	(void)state;
	struct cidr c;
	const char *bad[] = {"", "/24", "10.0.0.0/", "10.0.0.0/33", "::/129", "10.0.0/8",
			     "10.0.0.0/8x", "10.0.0.0/-1", "example.org/24", "1.2.3.4/0024",
			     "1.2.3.4 5", "::1/1280"};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_not_equal(cidr_parse(bad[i], strlen(bad[i]), &c), 0);
}

static void lists(void **state)
{
	(void)state;
	const char *def = "127.0.0.1/32,::1/128";
	assert_int_equal(cidr_list_valid(def), 0);
	assert_int_equal(cidr_list_valid(""), 0);
	assert_int_equal(cidr_list_valid(" 10.0.0.0/8 , 2001:db8::/32 ,"), 0);
	assert_int_not_equal(cidr_list_valid("10.0.0.0/8,nonsense"), 0);
	assert_true(cidr_list_contains(def, "127.0.0.1"));
	assert_true(cidr_list_contains(def, "::1"));
	assert_true(cidr_list_contains(def, "::ffff:127.0.0.1"));
	assert_false(cidr_list_contains(def, "192.0.2.1"));
	assert_false(cidr_list_contains("", "127.0.0.1"));
	assert_false(cidr_list_contains("192.0.2.0/24", "127.0.0.1"));
	assert_true(cidr_list_contains("nonsense, 192.0.2.0/24", "192.0.2.5"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ipv4),
		cmocka_unit_test(ipv6),
		cmocka_unit_test(malformed),
		cmocka_unit_test(lists),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
