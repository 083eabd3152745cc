/*
 * property: field definitions (kintone's "properties") as the app builder edits them.
 *
 * The stored form is a JSON object in kintone's own property format (numbers as
 * strings), plus internal keys that start with "_" (the column "_col" and, for a
 * SUBTABLE, its table "_table"); props_public() strips those for API output.
 * These functions validate what a client sends and fold it into the stored form;
 * field errors use keys "properties.<code>.<property>".
 *
 * Memory: json_t values follow jansson's reference counting; schemas built here own
 * their memory (schema_free).
 */
#ifndef DAICHO_FIELDS_PROPERTY_H
#define DAICHO_FIELDS_PROPERTY_H

#include <jansson.h>
#include <stdint.h>

#include "core/err.h"
#include "fields/schema.h"

/* Allocates column and table names for new fields of one app. */
struct col_alloc {
	int64_t app_id;		/* the app, names its subtable tables */
	int64_t next;		/* next column number; advanced as names are handed out */
};

/* The system fields of a new app, with codes in lang (ja: レコード番号..., en: Record_number...). */
json_t *props_initial(enum lang lang);
/* Adds the fields in `incoming` to `stored` (POST form/fields). */
int props_add(json_t *stored, json_t *incoming, struct col_alloc *cols, struct err *e);
/* Changes existing fields (PUT form/fields): partial properties, code renames, inner fields. */
int props_update(json_t *stored, json_t *incoming, struct col_alloc *cols, struct err *e);
/* Removes fields by code (DELETE form/fields); `codes` is a JSON array of strings. */
int props_delete(json_t *stored, json_t *codes, struct err *e);
/* A copy of stored without internal keys, for API responses (new reference). */
json_t *props_public(json_t *stored);

/* An empty layout for a new app (new reference). */
json_t *layout_initial(void);
/* Appends rows for fields that are in props but not yet in layout; drops rows of gone fields. */
void layout_sync(json_t *layout, json_t *props);
/* Renames a field code inside a layout. */
void layout_rename(json_t *layout, const char *from, const char *to);
/* Validates a layout sent by a client against props; replaces *layout on success. */
int layout_validate(json_t *incoming, json_t *props, struct err *e);

/*
 * Builds a schema snapshot from a stored form. Returns NULL (with e) only when the
 * stored form is damaged. The schema owns copies of everything; free with schema_free.
 */
struct schema *schema_build(json_t *props, json_t *layout, int64_t app_id, int64_t revision,
			    const char *app_code, struct err *e);
void schema_free(struct schema *s);

#endif
