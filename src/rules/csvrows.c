/* csvrows: CSV text into rows of cells (see csvrows.h). */
#include "rules/csvrows.h"

#include <string.h>

/* Appends p to a growing arena array of pointers. */
static void **push(struct arena *a, void **arr, size_t *n, size_t *cap, void *p)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 8;
		void **bigger = arena_alloc(a, c * sizeof *bigger);
		if (*n)
			memcpy(bigger, arr, *n * sizeof *bigger);
		arr = bigger;
		*cap = c;
	}
	arr[(*n)++] = p;
	return arr;
}

int csvrows_parse(struct arena *a, const char *text, size_t max_rows, struct csv_row **rows,
		  size_t *nrows, size_t *bad_row)
{
	size_t len = strlen(text), i = 0, rcap = 0;
	*nrows = 0;
	*rows = NULL;
	*bad_row = 0;
	if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	char *cell = arena_alloc(a, len + 1);
	size_t line = 0;
	while (i < len) {
		line++;
		void **cells = NULL;
		size_t n = 0, cap = 0;
		for (;;) {
			size_t k = 0;
			if (i < len && text[i] == '"') {
				i++;
				for (;;) {
					if (i >= len) {
						*bad_row = line;
						return -1;
					}
					if (text[i] == '"' && i + 1 < len && text[i + 1] == '"') {
						cell[k++] = '"';
						i += 2;
					} else if (text[i] == '"') {
						i++;
						break;
					} else {
						cell[k++] = text[i++];
					}
				}
			}
			while (i < len && text[i] != ',' && text[i] != '\n' && text[i] != '\r')
				cell[k++] = text[i++];
			cell[k] = '\0';
			char *c = arena_alloc(a, k + 1);
			memcpy(c, cell, k + 1);
			cells = push(a, cells, &n, &cap, c);
			if (i < len && text[i] == ',') {
				i++;
				continue;
			}
			if (i < len && text[i] == '\r')
				i++;
			if (i < len && text[i] == '\n')
				i++;
			break;
		}
		if (n == 1 && ((char *)cells[0])[0] == '\0')
			continue;	/* blank line */
		if (*nrows == max_rows) {
			*bad_row = line;
			return -1;
		}
		if (*nrows == rcap) {
			size_t c = rcap ? rcap * 2 : 16;
			struct csv_row *bigger = arena_alloc(a, c * sizeof *bigger);
			if (*nrows)
				memcpy(bigger, *rows, *nrows * sizeof *bigger);
			*rows = bigger;
			rcap = c;
		}
		(*rows)[*nrows].cells = (char **)cells;
		(*rows)[(*nrows)++].n = n;
	}
	return 0;
}
