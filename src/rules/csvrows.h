/*
 * csvrows: reading CSV text (RFC 4180: quoted cells, doubled quotes, CRLF or LF, an
 * optional UTF-8 byte-order mark) into rows of cells, for the organisation import.
 */
#ifndef DAICHO_RULES_CSVROWS_H
#define DAICHO_RULES_CSVROWS_H

#include <stddef.h>

#include "core/arena.h"

struct csv_row {
	char **cells;
	size_t n;
};

/* Splits text into rows (arena arrays; blank lines skipped). -1 on an unterminated quote
 * (*bad_row is its 1-based row) or more than max_rows rows. */
int csvrows_parse(struct arena *a, const char *text, size_t max_rows, struct csv_row **rows,
		  size_t *nrows, size_t *bad_row);

#endif
