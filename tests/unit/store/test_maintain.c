/*
 * Unit test of store/maintain.c against a real database in a temporary directory:
 * uploads never attached are removed after three days with their bytes; attached files
 * and shared contents stay.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/maintain.h"
#include "core/arena.h"
#include "store/misc.h"

static char dir[] = "/tmp/daicho-maintain-XXXXXX";

static void put_blob(const char *sha)
{
	char path[256];
	snprintf(path, sizeof path, "%s/files/%.2s", dir, sha);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/files/%.2s/%s", dir, sha, sha);
	FILE *f = fopen(path, "w");
	fputs("bytes", f);
	fclose(f);
}

static bool blob_exists(const char *sha)
{
	char path[256];
	snprintf(path, sizeof path, "%s/files/%.2s/%s", dir, sha, sha);
	return access(path, F_OK) == 0;
}

static void uploads_expire(void **state)
{
	(void)state;
	struct err e;
	err_init(&e, NULL);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(store_global_init(dir, "normal", &e), 0);
	struct store *st = store_thread();
	assert_non_null(st);
	const char *lonely = "aa11", *kept = "bb22";
	put_blob(lonely);
	put_blob(kept);
	int64_t t0 = 1700000000;
	struct file_row up1 = {"key-lonely", lonely, "a.txt", "text/plain", 5, 1, 0, 0, NULL};
	struct file_row up2 = {"key-kept", kept, "b.txt", "text/plain", 5, 1, 0, 0, NULL};
	assert_int_equal(store_begin(st, &e), 0);
	assert_int_equal(store_file_upload(st, &up1, t0, &e), 0);
	assert_int_equal(store_file_upload(st, &up2, t0, &e), 0);
	assert_int_equal(store_file_attach(st, &up2, "download-kept", 1, 7, "f", t0, &e), 0);
	assert_int_equal(store_commit(st, &e), 0);

	struct maintain_stats ms;
	assert_int_equal(store_maintain(st, t0 + 24 * 3600, &ms, &e), 0);
	assert_int_equal(ms.uploads, 0);
	assert_true(blob_exists(lonely));

	assert_int_equal(store_maintain(st, t0 + 4 * 24 * 3600, &ms, &e), 0);
	assert_int_equal(ms.uploads, 2);	/* both upload keys; the attachment stays */
	assert_int_equal(ms.blobs, 1);
	assert_false(blob_exists(lonely));
	assert_true(blob_exists(kept));
	struct arena a;
	struct file_row f;
	arena_init(&a, 0);
	assert_int_equal(store_file_get(st, &a, "download-kept", &f, &e), 0);
	assert_int_not_equal(store_file_get(st, &a, "key-lonely", &f, &e), 0);
	assert_int_equal(e.code, E_FILE_NOT_FOUND);
	arena_destroy(&a);
	store_thread_close();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(uploads_expire),
	};
	return cmocka_run_group_tests_name("store/maintain", tests, NULL, NULL);
}
