/*
 * Unit test of audit/journal.c against a real data directory: entries move into
 * access_log exactly once, fields survive tabs and line breaks, a half-written last line
 * waits for its end, an offset past the end (a crash while emptying) starts over, and a
 * large, fully moved journal is emptied.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/journal.h"
#include "store/misc.h"

static char dir[] = "/tmp/daicho-journal-XXXXXX";
static char db[600], jpath[600];

static int64_t count(const char *where)
{
	sqlite3 *h;
	sqlite3_stmt *s;
	char q[300];
	snprintf(q, sizeof q, "SELECT count(*) FROM access_log WHERE %s", where);
	sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL);
	sqlite3_prepare_v2(h, q, -1, &s, NULL);
	int64_t n = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
	sqlite3_finalize(s);
	sqlite3_close(h);
	return n;
}

static struct log_entry entry(const char *user, const char *rid)
{
	struct log_entry l = {"2026-11-23T00:00:00.000Z", 1, user, "password", 0, 7, "records.read",
			      "[1,2]", "ok", 200, "", "127.0.0.1", rid};
	return l;
}

static size_t drain(struct store *st)
{
	size_t total = 0, moved;
	struct err e;
	err_init(&e, NULL);
	do {
		assert_int_equal(journal_ingest(st, 1000, &moved, &e), 0);
		total += moved;
	} while (moved > 0);
	return total;
}

static void journal(void **state)
{
	(void)state;
	struct err e;
	err_init(&e, NULL);
	assert_non_null(mkdtemp(dir));
	snprintf(db, sizeof db, "%s/daicho.db", dir);
	snprintf(jpath, sizeof jpath, "%s/accesslog.journal", dir);
	assert_int_equal(store_global_init(dir, "normal", &e), 0);
	assert_int_equal(journal_open(dir, false, &e), 0);
	struct store *st = store_thread();

	struct log_entry a = entry("sato", "r1"), b = entry("tab\there\nnewline\\back", "r2");
	assert_int_equal(journal_append(&a, &e), 0);
	assert_int_equal(journal_append(&b, &e), 0);
	assert_int_equal(drain(st), 2);
	assert_int_equal(drain(st), 0);	/* exactly once */
	assert_int_equal(count("user_code = 'tab\there\nnewline\\back' AND request_id = 'r2'"), 1);
	assert_int_equal(count("app_id = 7 AND record_ids = '[1,2]' AND status = 200"), 2);

	/* A line whose end is not written yet waits for it. */
	int fd = open(jpath, O_WRONLY | O_APPEND);
	const char *half = "2026-11-23T00:00:01.000Z\t1\tsato\tsession\t0\t7\trecords.read\t[]\tok\t200\t\t::1\t";
	assert_int_equal(write(fd, half, strlen(half)), (ssize_t)strlen(half));
	assert_int_equal(drain(st), 0);
	assert_int_equal(write(fd, "r3\n", 3), 3);
	assert_int_equal(drain(st), 1);
	/* A damaged line is skipped, not fatal. */
	assert_int_equal(write(fd, "garbage\n", 8), 8);
	assert_int_equal(drain(st), 1);
	close(fd);
	assert_int_equal(count("1"), 3);

	/* An offset past the end means the journal was emptied: start from 0. */
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_journal_offset_set(st, 1 << 30, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);
	assert_int_equal(truncate(jpath, 0), 0);
	struct log_entry c = entry("after", "r4");
	assert_int_equal(journal_append(&c, &e), 0);
	assert_int_equal(drain(st), 1);
	assert_int_equal(count("request_id = 'r4'"), 1);

	/* A large journal, fully moved, is emptied. */
	for (int i = 0; i < 20000; i++) {
		struct log_entry x = entry("bulk", "rx");
		assert_int_equal(journal_append(&x, &e), 0);
	}
	struct stat sb;
	assert_int_equal(stat(jpath, &sb), 0);
	assert_true(sb.st_size > (1 << 20));
	assert_int_equal(drain(st), 20000);
	assert_int_equal(stat(jpath, &sb), 0);
	assert_int_equal(sb.st_size, 0);
	int64_t off;
	assert_int_equal(store_journal_offset(st, &off, &e), 0);
	assert_int_equal(off, 0);
	assert_int_equal(count("user_code = 'bulk'"), 20000);

	journal_close();
	store_thread_close();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(journal),
	};
	return cmocka_run_group_tests_name("audit/journal", tests, NULL, NULL);
}
