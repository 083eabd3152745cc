/*
 * fuzz_record: request JSON against the record codec and the query-string parser.
 * The input is parsed as a JSON body; when it is an object, its "record" member goes
 * through record_in() for an app with every field type (adding and updating), exactly
 * as records.json does. The same bytes are also parsed as a query string.
 */
#include "core/arena.h"
#include "core/err.h"
#include "fields/property.h"
#include "fields/record.h"
#include "http/params.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct schema *schema;

static const char *form =
	"{\"t\":{\"type\":\"SINGLE_LINE_TEXT\",\"code\":\"t\",\"required\":true,\"maxLength\":\"20\"},"
	"\"m\":{\"type\":\"MULTI_LINE_TEXT\",\"code\":\"m\"},"
	"\"r\":{\"type\":\"RICH_TEXT\",\"code\":\"r\"},"
	"\"n\":{\"type\":\"NUMBER\",\"code\":\"n\",\"minValue\":\"-5\",\"maxValue\":\"1e6\"},"
	"\"rb\":{\"type\":\"RADIO_BUTTON\",\"code\":\"rb\",\"options\":{\"a\":{\"label\":\"a\",\"index\":\"0\"},"
	"\"b\":{\"label\":\"b\",\"index\":\"1\"}},\"defaultValue\":\"a\"},"
	"\"cb\":{\"type\":\"CHECK_BOX\",\"code\":\"cb\",\"options\":{\"x\":{\"label\":\"x\",\"index\":\"0\"}}},"
	"\"ms\":{\"type\":\"MULTI_SELECT\",\"code\":\"ms\",\"options\":{\"x\":{\"label\":\"x\",\"index\":\"0\"}}},"
	"\"dd\":{\"type\":\"DROP_DOWN\",\"code\":\"dd\",\"options\":{\"x\":{\"label\":\"x\",\"index\":\"0\"}}},"
	"\"d\":{\"type\":\"DATE\",\"code\":\"d\",\"defaultNowValue\":true},"
	"\"ti\":{\"type\":\"TIME\",\"code\":\"ti\"},"
	"\"dt\":{\"type\":\"DATETIME\",\"code\":\"dt\"},"
	"\"l\":{\"type\":\"LINK\",\"code\":\"l\",\"protocol\":\"WEB\"},"
	"\"f\":{\"type\":\"FILE\",\"code\":\"f\"},"
	"\"u\":{\"type\":\"USER_SELECT\",\"code\":\"u\"},"
	"\"tb\":{\"type\":\"SUBTABLE\",\"code\":\"tb\",\"fields\":{"
	"\"it\":{\"type\":\"SINGLE_LINE_TEXT\",\"code\":\"it\",\"required\":true},"
	"\"in\":{\"type\":\"NUMBER\",\"code\":\"in\"},"
	"\"id2\":{\"type\":\"DATE\",\"code\":\"id2\"}}}}";

static bool user_exists(void *cb, const char *code)
{
	(void)cb;
	return strcmp(code, "u1") == 0;
}

static bool file_ok(void *cb, const struct field_def *f, const char *key)
{
	(void)cb;
	(void)f;
	return key[0] == 'k';
}

static void build(void)
{
	struct err e;
	struct col_alloc cols = {1, 1};
	json_error_t je;
	json_t *props = props_initial(LANG_EN), *in = json_loads(form, 0, &je);
	json_t *layout = layout_initial();
	err_init(&e, NULL);
	if (in == NULL || props_add(props, in, &cols, &e) != 0)
		abort();
	layout_sync(layout, props);
	schema = schema_build(props, layout, 1, 1, "", &e);
	if (schema == NULL)
		abort();
	json_decref(props);
	json_decref(in);
	json_decref(layout);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (schema == NULL)
		build();
	struct arena a;
	struct err e;
	arena_init(&a, 0);
	json_error_t je;
	json_t *body = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, &je);
	if (json_is_object(body)) {
		for (int add = 0; add < 2; add++) {
			struct rec_in in = {0};
			struct record_write w;
			bool has[64] = {0};
			in.a = &a;
			in.s = schema;
			in.prefix = "record";
			in.is_add = add;
			in.allow_system = add;
			in.now = 1700000000;
			in.user_code = "u1";
			in.user_exists = user_exists;
			in.file_ok = file_ok;
			in.has_value = add ? NULL : has;
			err_init(&e, &a);
			record_in(&in, json_object_get(body, "record"), &w, &e);
		}
		bool *mask = mask_from_json(&a, schema, json_object_get(body, "fields"));
		(void)mask;
	}
	json_decref(body);
	char *qs = malloc(size + 1);
	memcpy(qs, data, size);
	qs[size] = '\0';
	err_init(&e, &a);
	json_decref(params_from_query(qs, &e));
	free(qs);
	arena_destroy(&a);
	return 0;
}
