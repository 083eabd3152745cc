/* csv_read: CSV text into rows (quotes, doubled quotes, line ends, BOM, bad input). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "export/csv.h"

static void reads_rfc4180(void **state)
{
	struct arena a;
	struct csv_row *rows;
	size_t n, bad;
	(void)state;
	arena_init(&a, 0);
	const char *text = "\xEF\xBB\xBFkind,code,name\r\n\r\nsection,\"hoken\",\"保険課, \"\"国保\"\"\nの係\"\nlast,row";
	assert_int_equal(csv_read(&a, text, 10, &rows, &n, &bad), 0);
	assert_int_equal(n, 3);
	assert_int_equal(rows[0].n, 3);
	assert_string_equal(rows[0].cells[0], "kind");
	assert_string_equal(rows[1].cells[1], "hoken");
	assert_string_equal(rows[1].cells[2], "保険課, \"国保\"\nの係");
	assert_string_equal(rows[2].cells[1], "row");	/* no line end after the last row */
	arena_destroy(&a);
}

static void refuses_bad_input(void **state)
{
	struct arena a;
	struct csv_row *rows;
	size_t n, bad;
	(void)state;
	arena_init(&a, 0);
	assert_int_equal(csv_read(&a, "a,b\nc,\"unclosed\n", 10, &rows, &n, &bad), -1);
	assert_int_equal(bad, 2);
	assert_int_equal(csv_read(&a, "a,b\"c\n", 10, &rows, &n, &bad), -1);
	assert_int_equal(bad, 1);
	assert_int_equal(csv_read(&a, "1\n2\n3\n", 2, &rows, &n, &bad), -1);
	assert_int_equal(bad, 3);
	assert_int_equal(csv_read(&a, "", 2, &rows, &n, &bad), 0);
	assert_int_equal(n, 0);
	arena_destroy(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reads_rfc4180),
		cmocka_unit_test(refuses_bad_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
