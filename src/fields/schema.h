/*
 * schema: an immutable snapshot of one app's form (its fields and how they are stored).
 *
 * The query compiler, the record codec and the store all read this; none of them
 * changes it. A snapshot is built by fields/property.c from the stored form definition
 * and lives as long as its owner keeps it (see fields/schema_cache.h).
 *
 * Storage mapping (the store creates exactly this; the query compiler relies on it):
 * - The app's records are rows of table `schema->table`; the compiler refers to it as
 *   alias `t`. System columns: `id` (record id = RECORD_NUMBER = $id), `revision`,
 *   `creator`, `modifier` (user codes), `created_at`, `updated_at`
 *   ("YYYY-MM-DDTHH:MM:SSZ" UTC text).
 * - Each input field has column `field->column` in its table:
 *   SINGLE_LINE_TEXT, MULTI_LINE_TEXT, RICH_TEXT, LINK: TEXT, '' when empty.
 *   NUMBER: TEXT holding the canonical decimal ('' when empty), plus a numeric column
 *     named `<column>_n` (INTEGER or REAL, NULL when empty) used for comparing and sorting.
 *   RADIO_BUTTON, DROP_DOWN: TEXT, NULL when empty.
 *   DATE ("YYYY-MM-DD"), TIME ("HH:MM"), DATETIME ("YYYY-MM-DDTHH:MM:SSZ" UTC): TEXT, NULL
 *     when empty.
 *   CHECK_BOX, MULTI_SELECT: TEXT holding a JSON array of strings ('[]' when empty).
 *   USER_SELECT: TEXT holding a JSON array of user codes.
 *   FILE: TEXT holding a JSON array of file keys; table `files` has columns `key`, `name`.
 * - A SUBTABLE field has no column; its rows live in table `field->table`, with columns
 *   `id` (row id), `record_id` (the record's id), `pos` (row order) and one column per
 *   inner field following the same rules. Inner fields have `parent` set to the index of
 *   their SUBTABLE in `fields`.
 */
#ifndef DAICHO_FIELDS_SCHEMA_H
#define DAICHO_FIELDS_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum field_type {
	FT_NONE = 0,
	/* System fields (present in every app's form). */
	FT_RECORD_NUMBER,
	FT_CREATOR,
	FT_CREATED_TIME,
	FT_MODIFIER,
	FT_UPDATED_TIME,
	/* Input fields. */
	FT_SINGLE_LINE_TEXT,
	FT_MULTI_LINE_TEXT,
	FT_RICH_TEXT,
	FT_NUMBER,
	FT_RADIO_BUTTON,
	FT_CHECK_BOX,
	FT_MULTI_SELECT,
	FT_DROP_DOWN,
	FT_DATE,
	FT_TIME,
	FT_DATETIME,
	FT_LINK,
	FT_FILE,
	FT_USER_SELECT,
	FT_SUBTABLE,
	/* Pseudo-fields for query identifiers: $id and $revision. */
	FT_ID,
	FT_REVISION,
	FT__COUNT
};

struct field_option {
	const char *name;	/* the option's value as stored */
	const char *label;	/* shown text (kintone keeps it equal to name) */
	int index;		/* display order */
};

struct field_def {
	const char *code;		/* field code, as clients address it */
	const char *label;		/* display label */
	enum field_type type;
	const char *column;		/* column in its table; NULL for SUBTABLE */
	const char *table;		/* SUBTABLE only: the child table's name */
	int parent;			/* index of the enclosing SUBTABLE, or -1 */
	bool no_label;			/* hide the label in the form */
	bool required;			/* a value must be given */
	bool unique;			/* no two records may share a value */
	int64_t min_length;		/* -1 when not set (text fields) */
	int64_t max_length;		/* -1 when not set */
	const char *min_value;		/* canonical decimal or NULL (NUMBER) */
	const char *max_value;		/* canonical decimal or NULL (NUMBER) */
	bool digit;			/* NUMBER: show digit separators */
	int display_scale;		/* NUMBER: decimals shown, -1 when not set */
	const char *unit;		/* NUMBER: unit text, "" when none */
	const char *unit_position;	/* NUMBER: "BEFORE" or "AFTER" */
	const char *default_text;	/* default for single-valued fields, "" when none */
	const char **default_list;	/* default for CHECK_BOX, MULTI_SELECT, USER_SELECT codes */
	size_t n_default_list;
	bool default_now;		/* DATE, TIME, DATETIME: default to the current time */
	struct field_option *options;	/* RADIO_BUTTON, CHECK_BOX, MULTI_SELECT, DROP_DOWN */
	size_t n_options;
	const char *align;		/* RADIO_BUTTON, CHECK_BOX: "HORIZONTAL" or "VERTICAL" */
	const char *protocol;		/* LINK: "WEB", "CALL" or "MAIL" */
	const char *thumbnail_size;	/* FILE: "50", "150", "250" or "500" */
	const char *json_prefix;	/* "<code>":{"type":"<TYPE>","value": for record output */
};

struct schema {
	int64_t app_id;			/* the app */
	int64_t revision;		/* form revision this snapshot describes */
	const char *table;		/* the app's record table, e.g. "app_7" */
	const char *app_code;		/* app code ("" when none), prefixes RECORD_NUMBER */
	struct field_def *fields;	/* in form order; inner fields follow their SUBTABLE */
	size_t n_fields;
	bool sealed;			/* class I: values are ciphertext (store/sealing.h) */
};

/* The field with this code (top-level or inside a subtable), or NULL. */
const struct field_def *schema_find(const struct schema *s, const char *code);
/* Index of f in s->fields. */
int schema_index(const struct schema *s, const struct field_def *f);
/* kintone's name for a type ("SINGLE_LINE_TEXT"), and the reverse (FT_NONE if unknown). */
const char *field_type_name(enum field_type t);
enum field_type field_type_from_name(const char *name);
/* True for the system fields RECORD_NUMBER, CREATOR, CREATED_TIME, MODIFIER, UPDATED_TIME. */
bool field_type_is_system(enum field_type t);
/* True for types whose value is a list (CHECK_BOX, MULTI_SELECT, USER_SELECT, FILE). */
bool field_type_is_list(enum field_type t);

#endif
