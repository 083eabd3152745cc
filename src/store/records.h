/*
 * store/records: reading and writing the records of one app, in its own table.
 *
 * The caller passes the app's schema snapshot; SQL is built from the schema's table and
 * column names only, and every value is bound. Reads return struct rec_row (see
 * fields/value.h) with list-like cells already rendered as JSON by SQLite (user names,
 * file metadata), ready for fields/record_out.c.
 */
#ifndef DAICHO_STORE_RECORDS_H
#define DAICHO_STORE_RECORDS_H

#include "fields/schema.h"
#include "fields/value.h"
#include "query/query.h"
#include "store/store.h"

struct rec_query {
	const char *where;			/* SQL over alias t, or NULL for every record */
	const struct query_param *params;	/* values for where's placeholders */
	size_t n_params;
	const char *order_by;			/* ORDER BY list over alias t */
	int64_t limit, offset;			/* limit < 0: no limit */
};

/*
 * Runs a compiled query. mask (by field index, NULL = every field) chooses the fields
 * read; a SUBTABLE in the mask brings its rows. Rows are arena-allocated.
 */
int store_records_select(struct store *st, struct arena *a, const struct schema *s,
			 const struct rec_query *q, const bool *mask, struct rec_row **rows,
			 size_t *n, struct err *e);
/* Counts the records matching where. */
int store_records_count(struct store *st, const struct schema *s, const char *where,
			const struct query_param *params, size_t n_params, int64_t *count,
			struct err *e);
/* Reads records by id, in the order given; ids that do not exist are skipped. */
int store_records_by_ids(struct store *st, struct arena *a, const struct schema *s,
			 const int64_t *ids, size_t n_ids, const bool *mask, struct rec_row **rows,
			 size_t *n, struct err *e);
/* The current revision of a record; E_RECORD_NOT_FOUND (arg: id) when missing. */
int store_record_revision(struct store *st, const struct schema *s, int64_t id, int64_t *rev,
			  struct err *e);
/* Inserts a record (every top-level field; unset ones get their empty value). */
int store_record_insert(struct store *st, const struct schema *s, const struct record_write *w,
			int64_t *id, struct err *e);
/*
 * Updates the fields set in w, bumps the revision (returned in *rev) and replaces the
 * rows of every SUBTABLE that is set (rows with a known id are updated in place and keep
 * inner fields not set; others are inserted; rows not listed are deleted).
 * E_RECORD_NOT_FOUND when the record does not exist.
 */
int store_record_update(struct store *st, const struct schema *s, int64_t id,
			const struct record_write *w, int64_t *rev, struct err *e);
/* Deletes a record with its rows, comments and attachments. */
int store_record_delete(struct store *st, const struct schema *s, int64_t id, struct err *e);
/* Id of a record whose field f has value v (0 when none); `except` is skipped. */
int store_record_find(struct store *st, const struct schema *s, const struct field_def *f,
		      const char *v, int64_t except, int64_t *id, struct err *e);
enum agg_func { AGG_COUNT, AGG_SUM, AGG_AVG, AGG_MIN, AGG_MAX };
enum agg_period { AGG_NONE, AGG_YEAR, AGG_MONTH, AGG_DAY };

struct agg_spec {
	const struct field_def *group;		/* top-level field to group by */
	enum agg_period period;			/* for date fields: how finely */
	int utc_offset;				/* seconds east of UTC for date-time groups */
	enum agg_func func;			/* what to compute besides the count */
	const struct field_def *value;		/* NUMBER field for SUM/AVG/MIN/MAX */
	const char *where;			/* filter over alias t, or NULL */
	const struct query_param *params;
	size_t n_params;
};

struct agg_row {
	const char *key;	/* group value (NULL for records without one) */
	int64_t count;		/* records (for list fields: records holding the value) */
	bool has_value;		/* value is set (a NUMBER was aggregated) */
	double value;		/* the sum, average, minimum or maximum */
};

/* Groups the matching records by spec->group (at most 1,000 groups, in key order). */
int store_records_aggregate(struct store *st, struct arena *a, const struct schema *s,
			    const struct agg_spec *spec, struct agg_row **rows, size_t *n,
			    struct err *e);
/* Existing row ids of a record's SUBTABLE f (arena array). */
int store_subtable_ids(struct store *st, struct arena *a, const struct field_def *f,
		       int64_t record_id, int64_t **ids, size_t *n, struct err *e);

#endif
