/*
 * Unit tests of the route table and the router: every endpoint states who may call it
 * and what it needs; lookups tell 404 from 405.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "auth/identity.h"
#include "http/routes.h"

static void table_is_complete(void **state)
{
	(void)state;
	int n = 0;
	for (const struct route *r = routes_all(); r->method; r++, n++) {
		assert_non_null(r->handler);
		assert_true(strcmp(r->method, "GET") == 0 || strcmp(r->method, "POST") == 0 ||
			    strcmp(r->method, "PUT") == 0 || strcmp(r->method, "DELETE") == 0);
		assert_true(r->path[0] == '/');
		/* Every record endpoint is logged. */
		if (strstr(r->path, "record") || strstr(r->path, "file.json") || strstr(r->path, "bulk"))
			if (!(r->action || strcmp(r->path, "/k/v1/bulkRequest.json") == 0))
				fail_msg("%s %s reads or writes records but has no access-log action",
					 r->method, r->path);
		/* A route whose handler checks the app says what it checks. */
		if (r->app_from == APP_BY_HANDLER && r->note == NULL)
			fail_msg("%s %s: say what the handler checks", r->method, r->path);
		/* Rights need an app to apply to. */
		if (r->rights && r->app_from == APP_NONE)
			fail_msg("%s %s: rights without an app", r->method, r->path);
		/* Only writes may be bulk sub-requests; changes run in a transaction. */
		if ((r->flags & ROUTE_BULK) && !(r->flags & ROUTE_WRITE))
			fail_msg("%s %s: bulk but not a write", r->method, r->path);
		if (strcmp(r->method, "GET") != 0 && r->auth != AUTH_PUBLIC &&
		    !(r->flags & (ROUTE_WRITE | ROUTE_OWN_TX)))
			fail_msg("%s %s changes something outside a transaction", r->method, r->path);
		/* No duplicate method + path. */
		for (const struct route *q = r + 1; q->method; q++)
			if (strcmp(q->method, r->method) == 0 && strcmp(q->path, r->path) == 0)
				fail_msg("%s %s twice", r->method, r->path);
		/* Settings writes need the manage right; record writes their own. */
		if (strstr(r->path, "/preview/") && strcmp(r->method, "GET") != 0 &&
		    strcmp(r->path, "/k/v1/preview/app.json") != 0)
			assert_int_equal(r->rights, RIGHT_MANAGE);
		/* Administrators' API is for administrators only, never API tokens. */
		if (strncmp(r->path, "/api/admin/", 11) == 0) {
			assert_int_equal(r->auth, AUTH_ROLE);
			assert_true(r->roles != 0);
			assert_false(r->flags & ROUTE_TOKEN);
		}
	}
	assert_true(n >= 40);
}

static void lookups(void **state)
{
	int known;
	char buf[64];
	(void)state;
	const struct route *r = routes_find("GET", "/k/v1/records.json", &known);
	assert_non_null(r);
	assert_int_equal(r->rights, RIGHT_VIEW);
	r = routes_find("DELETE", "/k/v1/records.json", &known);
	assert_int_equal(r->rights, RIGHT_DELETE);
	assert_null(routes_find("PATCH", "/k/v1/records.json", &known));
	assert_int_equal(known, 1);
	assert_string_equal(routes_methods("/k/v1/records.json", buf, sizeof buf),
			    "GET, POST, PUT, DELETE");
	assert_null(routes_find("GET", "/k/v1/nothing.json", &known));
	assert_int_equal(known, 0);
	assert_null(routes_find("GET", "/k/v1/records.json/../app.json", &known));
	assert_int_equal(known, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_is_complete),
		cmocka_unit_test(lookups),
	};
	return cmocka_run_group_tests_name("http/routes", tests, NULL, NULL);
}
