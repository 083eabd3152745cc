/*
 * csv: writing CSV for exports, in UTF-8 with a byte-order mark or in Shift_JIS (Windows
 * code page 932, which Excel in Japanese offices opens directly). Quoting is libcsv's;
 * the conversion is iconv's. Every cell is quoted, rows end with CRLF (what Excel
 * writes). The only user of libcsv and iconv.
 */
#ifndef DAICHO_EXPORT_CSV_H
#define DAICHO_EXPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/buf.h"

enum csv_encoding { CSV_UTF8_BOM, CSV_SHIFT_JIS };

struct csv_out {
	struct buf *out;		/* destination (owned by the caller) */
	struct buf row;			/* the row being built, UTF-8 */
	enum csv_encoding enc;
	bool first_cell;		/* no cell written in this row yet */
	size_t unconvertible;		/* characters Shift_JIS cannot hold (written as '?') */
	void *cd;			/* iconv descriptor when converting */
};

/* Starts writing to out (the BOM for UTF-8). Returns -1 if the encoding is unavailable. */
int csv_begin(struct csv_out *c, struct buf *out, enum csv_encoding enc);
/* Appends one cell (UTF-8 text; NULL is an empty cell). */
void csv_cell(struct csv_out *c, const char *text);
/* Ends the row. */
void csv_row_end(struct csv_out *c);
/* Releases the writer (the output stays in out). */
void csv_end(struct csv_out *c);

#endif
