/*
 * Unit tests of fields/property.c: adding fields as the form API does, driven by the
 * case files in tests/cases/property. A case gives the properties sent and either the
 * exact field errors or the public form of some fields afterwards.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "core/arena.h"
#include "fields/property.h"
#include "testutil.h"


static void one_case(void **state)
{
	const char *path = *state;
	char *text = tu_read(path);
	json_error_t je;
	json_t *c = text ? json_loads(text, 0, &je) : NULL;
	struct arena a;
	struct err e;
	struct col_alloc cols = {1, 1};
	if (c == NULL)
		fail_msg("%s: cannot read or parse", path);
	arena_init(&a, 0);
	err_init(&e, &a);
	json_t *props = props_initial(LANG_EN);
	json_t *before = json_deep_copy(props);
	int rc = props_add(props, json_object_get(c, "add"), &cols, &e);
	json_t *want_err = json_object_get(c, "error");
	if (want_err) {
		if (rc == 0)
			fail_msg("%s: expected a refusal", path);
		json_t *got = json_object();
		for (size_t i = 0; i < e.n_fields; i++) {
			char msg[512];
			tu_field_message(&e.fields[i], msg, sizeof msg);
			json_object_set_new(got, e.fields[i].key, json_pack("[s]", msg));
		}
		if (!json_equal(got, want_err))
			fail_msg("%s: got %s", path, json_dumps(got, JSON_SORT_KEYS));
		if (!json_equal(props, before))
			fail_msg("%s: a refused change altered the form", path);
		json_decref(got);
	} else {
		if (rc != 0)
			fail_msg("%s: refused (%s)", path, e.n_fields ? e.fields[0].key : "?");
		json_t *pub = props_public(props);
		const char *code;
		json_t *want;
		json_object_foreach(json_object_get(c, "expect"), code, want) {
			if (!json_equal(json_object_get(pub, code), want))
				fail_msg("%s: %s is %s", path, code,
					 json_dumps(json_object_get(pub, code), JSON_SORT_KEYS));
		}
		/* Every field got a column; a schema builds from the result. */
		json_t *layout = layout_initial();
		layout_sync(layout, props);
		struct schema *s = schema_build(props, layout, 1, 1, "", &e);
		assert_non_null(s);
		for (size_t i = 0; i < s->n_fields; i++)
			if (s->fields[i].type != FT_SUBTABLE)
				assert_true(s->fields[i].column && *s->fields[i].column);
		schema_free(s);
		json_decref(layout);
		json_decref(pub);
	}
	json_decref(before);
	json_decref(props);
	json_decref(c);
	free(text);
	arena_destroy(&a);
}

/* Renaming a field keeps its column; deleting refuses system fields. */
static void rename_and_delete(void **state)
{
	struct err e;
	struct arena a;
	struct col_alloc cols = {1, 1};
	json_error_t je;
	(void)state;
	arena_init(&a, 0);
	err_init(&e, &a);
	json_t *props = props_initial(LANG_JA);
	json_t *add = json_loads("{\"a\":{\"type\":\"NUMBER\",\"code\":\"a\",\"label\":\"A\"}}", 0, &je);
	assert_int_equal(props_add(props, add, &cols, &e), 0);
	const char *col = json_string_value(json_object_get(json_object_get(props, "a"), "_col"));
	char saved[16];
	snprintf(saved, sizeof saved, "%s", col);
	json_t *upd = json_loads("{\"a\":{\"code\":\"amount\",\"label\":\"金額\"}}", 0, &je);
	assert_int_equal(props_update(props, upd, &cols, &e), 0);
	json_t *p = json_object_get(props, "amount");
	assert_non_null(p);
	assert_null(json_object_get(props, "a"));
	assert_string_equal(json_string_value(json_object_get(p, "_col")), saved);
	assert_string_equal(json_string_value(json_object_get(p, "label")), "金額");
	json_t *bad = json_loads("{\"amount\":{\"type\":\"DATE\"}}", 0, &je);
	assert_int_not_equal(props_update(props, bad, &cols, &e), 0);
	err_init(&e, &a);
	json_t *del = json_loads("[\"レコード番号\"]", 0, &je);
	assert_int_not_equal(props_delete(props, del, &e), 0);
	err_init(&e, &a);
	json_t *del2 = json_loads("[\"amount\"]", 0, &je);
	assert_int_equal(props_delete(props, del2, &e), 0);
	assert_null(json_object_get(props, "amount"));
	json_decref(props);
	json_decref(add);
	json_decref(upd);
	json_decref(bad);
	json_decref(del);
	json_decref(del2);
	arena_destroy(&a);
}

int main(void)
{
	size_t n;
	char **names = tu_list("tests/cases/property", ".json", &n);
	struct CMUnitTest *tests = calloc(n + 2, sizeof *tests);
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(names[i]) + 32;
		char *path = malloc(len);
		snprintf(path, len, "tests/cases/property/%s", names[i]);
		tests[i].name = names[i];
		tests[i].test_func = one_case;
		tests[i].initial_state = path;
	}
	tests[n].name = "rename_and_delete";
	tests[n].test_func = rename_and_delete;
	if (n < 10) {
		fprintf(stderr, "test_property: expected the case files under tests/cases/property\n");
		return 1;
	}
	int rc = _cmocka_run_group_tests("fields/property", tests, n + 1, NULL, NULL);
	for (size_t i = 0; i < n; i++) {
		free((void *)tests[i].initial_state);
		free(names[i]);
	}
	free(names);
	free(tests);
	return rc;
}
