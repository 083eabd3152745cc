/*
 * store/indexes: indexes made when queries need them. A deployed app gets indexes only
 * for its unique fields, its option fields (DROP_DOWN, RADIO_BUTTON) and its system
 * times; an index on any other field costs every write, so it is made once queries
 * have filtered or sorted by that field twice. index_note() is cheap and called on the
 * request path; index_build_pending() runs on the background thread.
 */
#ifndef DAICHO_STORE_INDEXES_H
#define DAICHO_STORE_INDEXES_H

#include "fields/schema.h"
#include "store/store.h"

/* Notes that a query filtered or sorted by these top-level fields of schema s. */
void index_note(const struct schema *s, const struct field_def *const *fields, size_t n);
/* Creates the indexes that became wanted; returns how many were made. */
int index_build_pending(struct store *st);
/* True for types whose columns are indexed on demand. */
bool index_on_demand(enum field_type t);

#endif
