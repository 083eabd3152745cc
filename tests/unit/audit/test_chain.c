/*
 * Unit test of audit/chain.c, audit/seal.c and audit/verify.c: the canonical encoding
 * byte for byte, the chain hash against vectors computed independently (Python's
 * hashlib over the documented encoding), appending through a real store, signed
 * checkpoints that refuse a changed message, and verification of a clean chain and of
 * a changed entry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/chain.h"
#include "audit/retention.h"
#include "audit/seal.h"
#include "audit/verify.h"
#include "auth/crypto.h"
#include "store/audit.h"

static struct log_entry entry(void)
{
	struct log_entry l = {"2026-11-23T00:00:00.000Z", 1, "佐藤", "password", 0, 7, "records.read",
			      "[1,2]", "ok", 200, "", "127.0.0.1", "r1"};
	return l;
}

static void encoding(void **state)
{
	(void)state;
	struct log_entry l = entry();
	struct buf b;
	buf_init(&b, 0);
	chain_encode(&l, &b);
	assert_string_equal(buf_str(&b),
		"12:daicho-log-1,24:2026-11-23T00:00:00.000Z,1:1,6:佐藤,8:password,1:0,1:7,"
		"12:records.read,5:[1,2],2:ok,3:200,0:,9:127.0.0.1,2:r1,");
	/* Length prefixes keep ("ab","c") and ("a","bc") apart. */
	struct log_entry x = l, y = l;
	x.code = "ab";
	x.client = "c";
	y.code = "a";
	y.client = "bc";
	char hx[65], hy[65];
	assert_true(chain_hash(CHAIN_ZERO, &x, hx));
	assert_true(chain_hash(CHAIN_ZERO, &y, hy));
	assert_string_not_equal(hx, hy);
	buf_free(&b);
}

static void hashing(void **state)
{
	(void)state;
	struct log_entry l = entry();
	char h1[65], h2[65];
	assert_true(chain_hash(CHAIN_ZERO, &l, h1));
	assert_string_equal(h1, "b1aef17563fb90699a59d9bbbac334734585c53f452338bc856c1ffd81cc06fd");
	assert_true(chain_hash(h1, &l, h2));
	assert_string_equal(h2, "f2364674a7de5a218af3d541fc04fd065693ad6ad40cc8d56b5d92df9caf3ac2");
	/* Every column counts. */
	l.status = 201;
	assert_true(chain_hash(CHAIN_ZERO, &l, h2));
	assert_string_not_equal(h1, h2);
	/* A previous hash that is not 64 hex digits is refused. */
	assert_false(chain_hash("abc", &l, h2));
}

static char dir[] = "/tmp/daicho-chain-XXXXXX";

static void exec_sql(const char *sql)
{
	/* Another process, as an intruder with file access would be. */
	char cmd[1000];
	snprintf(cmd, sizeof cmd, "sqlite3 %s/daicho.db \"%s\"", dir, sql);
	assert_int_equal(system(cmd), 0);
}

static void chain_and_seal(void **state)
{
	(void)state;
	struct err e;
	err_init(&e, NULL);
	assert_true(crypto_init());
	assert_non_null(mkdtemp(dir));
	assert_int_equal(store_global_init(dir, "normal", &e), 0);
	assert_int_equal(seal_open(dir, true, &e), 0);
	struct store *st = store_thread();
	struct log_entry l = entry();
	assert_int_equal(store_begin(st, &e), 0);
	const char *rid[] = {"a", "b", "c", "d", "e"};
	for (int i = 0; i < 5; i++) {
		l.request_id = rid[i];
		assert_int_equal(chain_append(st, &l, &e), 0);
	}
	assert_int_equal(store_commit(st, &e), 0);
	struct log_head head;
	assert_int_equal(store_log_head(st, &head, &e), 0);
	assert_int_equal(head.id, 5);
	assert_int_equal(head.count, 5);

	struct audit_checkpoint cp;
	bool made;
	assert_int_equal(seal_checkpoint(st, "manual", false, &cp, &made, &e), 0);
	assert_true(made);
	assert_true(seal_check(&cp));
	assert_string_equal(cp.public_key, seal_public_hex());
	struct audit_checkpoint bad = cp;
	bad.count++;
	assert_false(seal_check(&bad));
	/* Nothing new: no scheduled checkpoint. */
	assert_int_equal(seal_checkpoint(st, "scheduled", true, &cp, &made, &e), 0);
	assert_false(made);

	struct verify_report r;
	assert_int_equal(verify_log(st, NULL, seal_public_hex(), &r, &e), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.entries, 5);
	assert_int_equal(r.checkpoints, 1);

	store_thread_close();
	exec_sql("DROP TRIGGER access_log_append_only_u; UPDATE access_log SET status = 500 WHERE id = 3;");
	st = store_thread();
	assert_int_equal(verify_log(st, NULL, seal_public_hex(), &r, &e), 0);
	assert_true(r.n >= 1);
	assert_int_equal(r.problems[0].kind, VK_CHANGED);
	assert_int_equal(r.problems[0].entry_id, 3);
	seal_close();
	store_thread_close();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* The retention purge the server runs for "audit.retention_days". */
static void retention(void **state)
{
	(void)state;
	struct err e;
	err_init(&e, NULL);
	memcpy(dir, "/tmp/daicho-chain-XXXXXX", sizeof dir);
	assert_non_null(mkdtemp(dir));
	assert_int_equal(store_global_init(dir, "normal", &e), 0);
	assert_int_equal(seal_open(dir, true, &e), 0);
	struct store *st = store_thread();
	struct log_entry l = entry();
	const char *at[] = {"2020-01-01T09:00:00.000Z", "2020-01-02T09:00:00.000Z",
			    "2020-02-01T09:00:00.000Z", "2099-01-01T09:00:00.000Z"};
	assert_int_equal(store_begin(st, &e), 0);
	for (int i = 0; i < 4; i++) {
		l.at = at[i];
		assert_int_equal(chain_append(st, &l, &e), 0);
	}
	assert_int_equal(store_commit(st, &e), 0);
	struct purge_result pr;
	/* Nothing older than 2019: with only_if_any nothing happens, not even an entry. */
	assert_int_equal(retention_purge(st, "2019-06-01", "test", "system", true, &pr, &e), 0);
	assert_int_equal(pr.deleted, 0);
	struct log_head head;
	assert_int_equal(store_log_head(st, &head, &e), 0);
	assert_int_equal(head.id, 4);
	assert_int_equal(retention_purge(st, "2020-01-15", "test", "system", true, &pr, &e), 0);
	assert_int_equal(pr.deleted, 2);
	assert_int_equal(pr.anchor_id, 2);
	assert_int_equal(store_log_head(st, &head, &e), 0);
	assert_int_equal(head.id, 5);		/* the purge's own entry */
	assert_int_equal(head.count, 5);
	struct verify_report r;
	assert_int_equal(verify_log(st, NULL, seal_public_hex(), &r, &e), 0);
	assert_int_equal(r.n, 0);
	assert_int_equal(r.anchor.entry_id, 2);
	assert_int_equal(r.first_id, 3);
	assert_int_equal(r.entries, 3);
	char day[11];
	retention_day_before(86400 * 365, 1, day);
	assert_string_equal(day, "1970-12-31");	/* 365 days after 1970-01-01, less one */
	seal_close();
	store_thread_close();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(encoding),
		cmocka_unit_test(hashing),
		cmocka_unit_test(chain_and_seal),
		cmocka_unit_test(retention),
	};
	return cmocka_run_group_tests_name("audit/chain", tests, NULL, NULL);
}
