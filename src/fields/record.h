/*
 * record: the kintone record JSON codec.
 *
 * record_in() validates one record object from a request against the app's schema and
 * produces a struct record_write with canonical values; every problem becomes a field
 * error keyed exactly as kintone keys it ("record.amount.value",
 * "records[3].tbl.value[0].value.qty.value", ...). record_out() writes a stored record
 * as kintone returns it. Lookups that need the database (does this user exist, is this
 * file key usable) come in through callbacks, so this module stays pure.
 */
#ifndef DAICHO_FIELDS_RECORD_H
#define DAICHO_FIELDS_RECORD_H

#include <jansson.h>
#include <stdbool.h>
#include <time.h>

#include "core/err.h"
#include "core/jsonw.h"
#include "fields/schema.h"
#include "fields/value.h"

struct arena;

struct rec_in {
	struct arena *a;		/* where values are allocated */
	const struct schema *s;
	const char *prefix;		/* error key prefix: "record" or "records[3]" */
	bool is_add;			/* adding: apply defaults, accept system fields */
	bool allow_system;		/* adding: CREATOR/CREATED_TIME/... may be set */
	time_t now;			/* for defaultNowValue */
	const char *user_code;		/* for LOGINUSER() defaults */
	/* Database lookups (all required). */
	bool (*user_exists)(void *cb, const char *code);
	bool (*file_ok)(void *cb, const struct field_def *f, const char *key);
	void *cb;
	/* Updating: whether each field currently holds a value (by field index), and the
	 * row ids each SUBTABLE has now (by field index); NULL when adding. */
	const bool *has_value;
	int64_t *const *row_ids;
	const size_t *n_row_ids;
};

/*
 * Validates `record` (a JSON object, or NULL for "no fields") and fills *out.
 * Returns 0, or -1 with field errors in e (all problems of the record are reported).
 */
int record_in(const struct rec_in *c, json_t *record, struct record_write *out, struct err *e);

/*
 * Field mask helpers: a mask has one entry per schema field plus two at the end for
 * $id and $revision. mask_from_json builds it from a "fields" parameter (array of
 * codes; a SUBTABLE code selects its whole table; unknown codes are ignored). NULL
 * means every field.
 */
bool *mask_from_json(struct arena *a, const struct schema *s, json_t *fields);
enum { MASK_ID = 0, MASK_REVISION = 1 };
bool mask_has(const struct schema *s, const bool *mask, size_t i);
bool mask_has_meta(const struct schema *s, const bool *mask, int which);

/* Writes one record object ({code:{type,value},...,"$id","$revision"}). */
void record_out(struct jsonw *w, const struct schema *s, const struct rec_row *r,
		const bool *mask);

/* True when a stored cell counts as empty for a field type (for required checks). */
bool cell_empty(enum field_type t, const char *cell);

#endif
