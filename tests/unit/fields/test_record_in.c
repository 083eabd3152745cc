/*
 * Unit tests of fields/record_in.c, driven by the files in tests/cases/record: each case is a
 * record, whether it is added or updated, and either the exact field errors (keys and
 * English messages) or the canonical values that must come out. The app's form is
 * tests/cases/record/schema.json, built through props_add like the API builds it.
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
#include "fields/record.h"
#include "testutil.h"

static struct schema *schema;

static bool user_exists(void *cb, const char *code)
{
	(void)cb;
	return strcmp(code, "u1") == 0 || strcmp(code, "u2") == 0;
}

static bool file_ok(void *cb, const struct field_def *f, const char *key)
{
	(void)cb;
	(void)f;
	return strncmp(key, "up-", 3) == 0;
}

static int setup(void **state)
{
	(void)state;
	char *text = tu_read("tests/cases/record/schema.json");
	json_error_t je;
	json_t *in = text ? json_loads(text, 0, &je) : NULL;
	json_t *props = props_initial(LANG_EN), *layout = layout_initial();
	struct col_alloc cols = {1, 1};
	struct err e;
	err_init(&e, NULL);
	free(text);
	if (in == NULL || props_add(props, in, &cols, &e) != 0)
		return -1;
	layout_sync(layout, props);
	schema = schema_build(props, layout, 1, 1, "", &e);
	json_decref(in);
	json_decref(props);
	json_decref(layout);
	return schema ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	schema_free(schema);
	return 0;
}


static void run_case(const char *name, json_t *c)
{
	struct arena a;
	struct err e;
	struct rec_in in = {0};
	struct record_write w;
	arena_init(&a, 0);
	err_init(&e, &a);
	bool *has = arena_alloc(&a, schema->n_fields * sizeof *has);
	size_t i;
	json_t *x;
	json_array_foreach(json_object_get(c, "has"), i, x) {
		const struct field_def *f = schema_find(schema, json_string_value(x));
		if (f)
			has[schema_index(schema, f)] = true;
	}
	in.a = &a;
	in.s = schema;
	in.prefix = "record";
	in.is_add = json_is_true(json_object_get(c, "add"));
	in.allow_system = json_is_true(json_object_get(c, "allowSystem"));
	in.now = 1700000000;
	in.user_code = "u1";
	in.user_exists = user_exists;
	in.file_ok = file_ok;
	in.has_value = in.is_add ? NULL : has;
	int rc = record_in(&in, json_object_get(c, "record"), &w, &e);
	json_t *want_errors = json_object_get(c, "errors");
	if (want_errors) {
		if (rc == 0)
			fail_msg("%s: expected errors, the record was accepted", name);
		json_t *got = json_object();
		for (size_t k = 0; k < e.n_fields; k++) {
			char msg[512];
			tu_field_message(&e.fields[k], msg, sizeof msg);
			json_t *list = json_object_get(got, e.fields[k].key);
			if (list == NULL) {
				list = json_array();
				json_object_set_new(got, e.fields[k].key, list);
			}
			json_array_append_new(list, json_string(msg));
		}
		if (!json_equal(got, want_errors)) {
			char *g = json_dumps(got, JSON_SORT_KEYS), *wnt = json_dumps(want_errors, JSON_SORT_KEYS);
			fail_msg("%s: errors differ\n got: %s\nwant: %s", name, g, wnt);
		}
		json_decref(got);
	} else {
		if (rc != 0)
			fail_msg("%s: refused with %zu field errors (first: %s)", name, e.n_fields,
				 e.n_fields ? e.fields[0].key : "?");
		const char *code;
		json_t *want;
		json_object_foreach(json_object_get(c, "values"), code, want) {
			const struct field_def *f = schema_find(schema, code);
			assert_non_null(f);
			const struct fvalue *v = &w.vals[schema_index(schema, f)];
			if (!v->set)
				fail_msg("%s: field %s not set", name, code);
			if (json_is_null(want)) {
				if (v->text != NULL)
					fail_msg("%s: %s should be NULL, is \"%s\"", name, code, v->text);
			} else if (v->text == NULL || strcmp(v->text, json_string_value(want)) != 0) {
				fail_msg("%s: %s is \"%s\", want \"%s\"", name, code, v->text ? v->text : "(null)",
					 json_string_value(want));
			}
		}
		json_array_foreach(json_object_get(c, "unset"), i, x) {
			const struct field_def *f = schema_find(schema, json_string_value(x));
			if (w.vals[schema_index(schema, f)].set)
				fail_msg("%s: %s should be left as it is", name, json_string_value(x));
		}
		json_object_foreach(json_object_get(c, "rows"), code, want) {
			const struct field_def *f = schema_find(schema, code);
			const struct fvalue *v = &w.vals[schema_index(schema, f)];
			assert_int_equal(v->n_rows, (size_t)json_integer_value(want));
		}
		json_object_foreach(json_object_get(c, "row0"), code, want) {
			const struct field_def *t = schema_find(schema, "tb"), *f = schema_find(schema, code);
			const struct fvalue *rv = &w.vals[schema_index(schema, t)].rows[0].vals[schema_index(schema, f)];
			if (rv->text == NULL || strcmp(rv->text, json_string_value(want)) != 0)
				fail_msg("%s: row 0 %s is \"%s\"", name, code, rv->text ? rv->text : "(null)");
		}
	}
	arena_destroy(&a);
}

/* One test per case file; the state is the file's path. */
static void one_case(void **state)
{
	const char *path = *state;
	char *text = tu_read(path);
	json_error_t je;
	json_t *c = text ? json_loads(text, 0, &je) : NULL;
	if (c == NULL)
		fail_msg("%s: cannot read or parse (%s)", path, text ? je.text : "unreadable");
	run_case(strrchr(path, '/') + 1, c);
	json_decref(c);
	free(text);
}

int main(void)
{
	size_t n, k = 0;
	char **names = tu_list("tests/cases/record", ".json", &n);
	struct CMUnitTest *tests = calloc(n + 1, sizeof *tests);
	for (size_t i = 0; i < n; i++) {
		if (strcmp(names[i], "schema.json") == 0)
			continue;
		size_t len = strlen(names[i]) + 32;
		char *path = malloc(len);
		snprintf(path, len, "tests/cases/record/%s", names[i]);
		tests[k].name = names[i];
		tests[k].test_func = one_case;
		tests[k].initial_state = path;
		k++;
	}
	if (k < 10) {
		fprintf(stderr, "test_record_in: expected the case files under tests/cases/record\n");
		return 1;
	}
	int rc = _cmocka_run_group_tests("fields/record_in", tests, k, setup, teardown);
	for (size_t i = 0; i < k; i++)
		free((void *)tests[i].initial_state);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(tests);
	return rc;
}
