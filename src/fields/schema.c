/* schema: lookups over an app's form snapshot and the field type names (see schema.h). */
#include "fields/schema.h"

#include <string.h>

static const char *const names[FT__COUNT] = {
	[FT_NONE] = "",
	[FT_RECORD_NUMBER] = "RECORD_NUMBER",
	[FT_CREATOR] = "CREATOR",
	[FT_CREATED_TIME] = "CREATED_TIME",
	[FT_MODIFIER] = "MODIFIER",
	[FT_UPDATED_TIME] = "UPDATED_TIME",
	[FT_SINGLE_LINE_TEXT] = "SINGLE_LINE_TEXT",
	[FT_MULTI_LINE_TEXT] = "MULTI_LINE_TEXT",
	[FT_RICH_TEXT] = "RICH_TEXT",
	[FT_NUMBER] = "NUMBER",
	[FT_RADIO_BUTTON] = "RADIO_BUTTON",
	[FT_CHECK_BOX] = "CHECK_BOX",
	[FT_MULTI_SELECT] = "MULTI_SELECT",
	[FT_DROP_DOWN] = "DROP_DOWN",
	[FT_DATE] = "DATE",
	[FT_TIME] = "TIME",
	[FT_DATETIME] = "DATETIME",
	[FT_LINK] = "LINK",
	[FT_FILE] = "FILE",
	[FT_USER_SELECT] = "USER_SELECT",
	[FT_SUBTABLE] = "SUBTABLE",
	[FT_ID] = "__ID__",
	[FT_REVISION] = "__REVISION__",
};

const struct field_def *schema_find(const struct schema *s, const char *code)
{
	for (size_t i = 0; i < s->n_fields; i++)
		if (strcmp(s->fields[i].code, code) == 0)
			return &s->fields[i];
	return NULL;
}

int schema_index(const struct schema *s, const struct field_def *f)
{
	return (int)(f - s->fields);
}

const char *field_type_name(enum field_type t)
{
	if ((int)t < 0 || t >= FT__COUNT)
		return "";
	return names[t];
}

enum field_type field_type_from_name(const char *name)
{
	for (int t = 1; t < FT__COUNT; t++)
		if (strcmp(names[t], name) == 0)
			return (enum field_type)t;
	return FT_NONE;
}

bool field_type_is_system(enum field_type t)
{
	return t >= FT_RECORD_NUMBER && t <= FT_UPDATED_TIME;
}

bool field_type_is_list(enum field_type t)
{
	return t == FT_CHECK_BOX || t == FT_MULTI_SELECT || t == FT_USER_SELECT || t == FT_FILE;
}
