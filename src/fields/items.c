/* items: the information items of a form (see items.h). */
#include "fields/items.h"

#include <stdbool.h>
#include <string.h>

static const char *str_of(json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));
	return s ? s : "";
}

/* Field types that hold no information item: system, layout and container fields. */
static bool is_item_type(const char *type)
{
	static const char *const skip[] = {
		"RECORD_NUMBER", "CREATOR", "CREATED_TIME", "MODIFIER", "UPDATED_TIME", "STATUS",
		"STATUS_ASSIGNEE", "CATEGORY", "LABEL", "SPACER", "HR", "GROUP", "REFERENCE_TABLE",
		"SUBTABLE", "__ID__", "__REVISION__",
	};
	for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
		if (strcmp(type, skip[i]) == 0)
			return false;
	return true;
}

static bool personal_has(json_t *personal, const char *code)
{
	size_t i;
	json_t *v;
	json_array_foreach(personal, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), code) == 0)
			return true;
	return false;
}

static void add_item(json_t *items, json_t *f, const char *table, json_t *personal)
{
	const char *code = str_of(f, "code");
	json_t *it = json_pack("{s:s,s:s,s:s,s:b}", "code", code, "label", str_of(f, "label"),
			       "type", str_of(f, "type"), "personal", personal_has(personal, code));
	if (it && table)
		json_object_set_new(it, "table", json_string(table));
	if (it)
		json_array_append_new(items, it);
}

json_t *form_information_items(json_t *props, json_t *personal)
{
	json_t *items = json_array();
	const char *k;
	json_t *f;
	json_object_foreach(props, k, f) {
		const char *type = str_of(f, "type");
		if (strcmp(type, "SUBTABLE") == 0) {
			const char *k2;
			json_t *f2;
			json_object_foreach(json_object_get(f, "fields"), k2, f2)
				if (is_item_type(str_of(f2, "type")))
					add_item(items, f2, str_of(f, "code"), personal);
		} else if (is_item_type(type)) {
			add_item(items, f, NULL, personal);
		}
	}
	return items;
}
