/*
 * Unit tests of http/params.c: query strings as the official client's qs library
 * writes them (indexed brackets, percent-encoding) become one JSON parameter object.
 * Cases: tests/cases/params/cases.json.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <string.h>

#include "core/buf.h"
#include "http/params.h"
#include "testutil.h"

static void cases(void **state)
{
	(void)state;
	char *text = tu_read("tests/cases/params/cases.json");
	json_error_t je;
	json_t *all = text ? json_loads(text, 0, &je) : NULL;
	size_t i;
	json_t *c;
	assert_non_null(all);
	assert_true(json_array_size(all) >= 10);
	json_array_foreach(all, i, c) {
		const char *qs = json_string_value(json_object_get(c, "qs"));
		const char *want_err = json_string_value(json_object_get(c, "error"));
		struct err e;
		err_init(&e, NULL);
		json_t *got = params_from_query(qs, &e);
		if (want_err) {
			if (got != NULL)
				fail_msg("\"%s\" should be refused, got %s", qs, json_dumps(got, 0));
			enum err_code code = strcmp(want_err, "E_UTF8") == 0 ? E_UTF8 : E_INPUT;
			if (e.code != code)
				fail_msg("\"%s\": error %d, want %s", qs, e.code, want_err);
			continue;
		}
		if (got == NULL)
			fail_msg("\"%s\" refused", qs);
		if (!json_equal(got, json_object_get(c, "json")))
			fail_msg("\"%s\" -> %s", qs, json_dumps(got, JSON_SORT_KEYS));
		json_decref(got);
	}
	json_decref(all);
	free(text);
}

static void many(void **state)
{
	(void)state;
	struct buf b;
	buf_init(&b, 0);
	for (int i = 0; i < 2001; i++)
		buf_printf(&b, "%sk%d=v", i ? "&" : "", i);
	struct err e;
	err_init(&e, NULL);
	assert_null(params_from_query(buf_str(&b), &e));
	assert_int_equal(e.code, E_INPUT);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cases),
		cmocka_unit_test(many),
	};
	return cmocka_run_group_tests_name("http/params", tests, NULL, NULL);
}
