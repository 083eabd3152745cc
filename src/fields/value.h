/*
 * value: record values on their way between the API and the store.
 *
 * Writes: fields/record_in.c turns request JSON into a struct record_write (validated,
 * canonical text), which store/records.c binds to columns.
 * Reads: store/records.c returns struct rec_row (one text cell per field, already in
 * the API's representation for list-like types), which fields/record_out.c writes as
 * kintone record JSON.
 *
 * Arrays indexed by field are indexed by the field's position in schema->fields.
 * Everything is arena-allocated by whoever builds it.
 */
#ifndef DAICHO_FIELDS_VALUE_H
#define DAICHO_FIELDS_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct frow;

struct fvalue {
	bool set;		/* the write gives this field a value */
	const char *text;	/* canonical text; NULL stores SQL NULL. Lists: a JSON array */
	bool has_num;		/* NUMBER: num holds the numeric value (false: empty) */
	double num;		/* NUMBER: value for the <column>_n column */
	struct frow *rows;	/* SUBTABLE: the new row list, in order */
	size_t n_rows;
};

struct frow {
	int64_t id;		/* existing row to update, or 0 for a new row */
	struct fvalue *vals;	/* by field index; only this table's inner fields are used */
};

struct record_write {
	struct fvalue *vals;		/* by field index; top-level fields only */
	const char *creator;		/* user code for CREATOR (insert) or NULL to keep */
	const char *created_at;		/* UTC text for CREATED_TIME (insert) or NULL */
	const char *modifier;		/* user code for MODIFIER */
	const char *updated_at;		/* UTC text for UPDATED_TIME */
};

struct sub_row {
	int64_t id;			/* row id */
	const char **cells;		/* by field index; NULL = empty */
};

struct rec_row {
	int64_t id;			/* record id */
	int64_t revision;
	const char **cells;		/* by field index; NULL = SQL NULL */
	struct sub_row **subs;		/* by field index (SUBTABLE fields): rows */
	size_t *n_subs;			/* by field index: number of rows */
};

#endif
