/*
 * csv: writing CSV for exports, in UTF-8 with a byte-order mark or in Shift_JIS (Windows
 * code page 932, which Excel in Japanese offices opens directly), and reading CSV text
 * for imports. Quoting and parsing are libcsv's; the conversion is iconv's. Every cell
 * is quoted, rows end with CRLF (what Excel writes). The only user of libcsv and iconv.
 */
#ifndef DAICHO_EXPORT_CSV_H
#define DAICHO_EXPORT_CSV_H

#include <stdbool.h>
#include <stddef.h>

#include "core/arena.h"
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

struct csv_row {
	char **cells;			/* NUL-terminated UTF-8, in the arena */
	size_t n;
};

/*
 * Reads CSV text (RFC 4180: quoted cells, doubled quotes, CRLF or LF; a UTF-8 byte-order
 * mark skipped; blank lines skipped) into arena rows. -1 when the text is not CSV (an
 * unterminated quote, a quote inside an unquoted cell) or has more than max_rows rows;
 * *bad_row is then the 1-based row where reading stopped.
 */
int csv_read(struct arena *a, const char *text, size_t max_rows, struct csv_row **rows,
	     size_t *nrows, size_t *bad_row);

#endif
