/* csv: quoted CSV in UTF-8 or Shift_JIS (see csv.h). */
#include "export/csv.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

int csv_begin(struct csv_out *c, struct buf *out, enum csv_encoding enc)
{
	memset(c, 0, sizeof *c);
	c->out = out;
	c->enc = enc;
	c->first_cell = true;
	buf_init(&c->row, 0);
	if (enc == CSV_UTF8_BOM) {
		buf_put(out, "\xEF\xBB\xBF", 3);
		return 0;
	}
	iconv_t cd = iconv_open("CP932", "UTF-8");
	if (cd == (iconv_t)-1)
		return -1;
	c->cd = cd;
	return 0;
}

void csv_cell(struct csv_out *c, const char *text)
{
	if (!c->first_cell)
		buf_putc(&c->row, ',');
	c->first_cell = false;
	if (text == NULL || *text == '\0')
		return;
	size_t n = strlen(text), need = csv_write(NULL, 0, text, n);
	char *q = malloc(need);
	if (q == NULL)
		abort();
	csv_write(q, need, text, n);
	buf_put(&c->row, q, need);
	free(q);
}

/* Converts the row to CP932, one '?' for each character it cannot hold. */
static void convert(struct csv_out *c)
{
	char *in = c->row.data;
	size_t left = c->row.len;
	char chunk[4096];
	while (left > 0) {
		char *o = chunk;
		size_t room = sizeof chunk;
		size_t rc = iconv(c->cd, &in, &left, &o, &room);
		buf_put(c->out, chunk, sizeof chunk - room);
		if (rc == (size_t)-1 && errno == EILSEQ) {
			/* Skip the whole UTF-8 sequence that has no Shift_JIS form. */
			unsigned char b = (unsigned char)*in;
			size_t len = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
			if (len > left)
				len = left;
			in += len;
			left -= len;
			buf_putc(c->out, '?');
			c->unconvertible++;
		} else if (rc == (size_t)-1 && errno != E2BIG) {
			break;	/* EINVAL: a truncated sequence cannot occur in valid UTF-8 */
		}
	}
}

void csv_row_end(struct csv_out *c)
{
	buf_put(&c->row, "\r\n", 2);
	if (c->cd)
		convert(c);
	else
		buf_put(c->out, c->row.data, c->row.len);
	buf_reset(&c->row);
	c->first_cell = true;
}

void csv_end(struct csv_out *c)
{
	if (c->cd)
		iconv_close(c->cd);
	c->cd = NULL;
	buf_free(&c->row);
}

/* What the libcsv callbacks of csv_read build. */
struct reader {
	struct arena *a;
	struct csv_row *rows;
	size_t n_rows, cap_rows, max_rows;
	char **cells;			/* the row being read */
	size_t n_cells, cap_cells;
	bool too_many;
};

static void read_cell(void *text, size_t len, void *data)
{
	struct reader *rd = data;
	rd->cells = arena_room(rd->a, rd->cells, rd->n_cells, &rd->cap_cells, sizeof *rd->cells);
	rd->cells[rd->n_cells++] = arena_strndup(rd->a, text ? text : "", text ? len : 0);
}

static void read_row_end(int c, void *data)
{
	struct reader *rd = data;
	(void)c;
	if (rd->n_rows == rd->max_rows) {
		rd->too_many = true;
	} else {
		rd->rows = arena_room(rd->a, rd->rows, rd->n_rows, &rd->cap_rows, sizeof *rd->rows);
		rd->rows[rd->n_rows++] = (struct csv_row){rd->cells, rd->n_cells};
	}
	rd->cells = NULL;
	rd->n_cells = rd->cap_cells = 0;
}

int csv_read(struct arena *a, const char *text, size_t max_rows, struct csv_row **rows,
	     size_t *nrows, size_t *bad_row)
{
	struct reader rd = {.a = a, .max_rows = max_rows};
	struct csv_parser p;
	size_t len = strlen(text);
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		text += 3, len -= 3;
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
		abort();
	bool ok = csv_parse(&p, text, len, read_cell, read_row_end, &rd) == len &&
		  csv_fini(&p, read_cell, read_row_end, &rd) == 0;
	csv_free(&p);
	*rows = rd.rows;
	*nrows = rd.n_rows;
	*bad_row = rd.n_rows + 1;
	return ok && !rd.too_many ? 0 : -1;
}
