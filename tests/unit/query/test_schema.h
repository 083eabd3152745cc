/*
 * test_schema: the one app form the query tests and the query fuzzer compile against,
 * and the SQLite tables that follow the storage mapping of fields/schema.h for it.
 *
 * Every field type is present, several with Japanese codes, plus a SUBTABLE (明細) with
 * inner fields of most types and a column whose name needs quoting. The app code is
 * "APP", so RECORD_NUMBER values may be written "APP-12".
 */
#ifndef DAICHO_TESTS_QUERY_TEST_SCHEMA_H
#define DAICHO_TESTS_QUERY_TEST_SCHEMA_H

#include "fields/schema.h"

#define TS_TOP(c, t, col) {.code = (c), .type = (t), .column = (col), .parent = -1}
#define TS_IN(c, t, col) {.code = (c), .type = (t), .column = (col), .parent = 22}

static inline const struct schema *test_schema(void)
{
	static struct field_def f[] = {
		TS_TOP("レコード番号", FT_RECORD_NUMBER, NULL),		/* 0 */
		TS_TOP("作成者", FT_CREATOR, NULL),
		TS_TOP("作成日時", FT_CREATED_TIME, NULL),
		TS_TOP("更新者", FT_MODIFIER, NULL),
		TS_TOP("更新日時", FT_UPDATED_TIME, NULL),
		TS_TOP("title", FT_SINGLE_LINE_TEXT, "c_title"),		/* 5 */
		TS_TOP("タイトル", FT_SINGLE_LINE_TEXT, "c_jtitle"),
		TS_TOP("本文", FT_MULTI_LINE_TEXT, "c_body"),
		TS_TOP("rich", FT_RICH_TEXT, "c_rich"),
		TS_TOP("amount", FT_NUMBER, "c_amount"),
		TS_TOP("数量", FT_NUMBER, "c_qty"),			/* 10 */
		TS_TOP("radio", FT_RADIO_BUTTON, "c_radio"),
		TS_TOP("check", FT_CHECK_BOX, "c_check"),
		TS_TOP("multi", FT_MULTI_SELECT, "c_multi"),
		TS_TOP("status", FT_DROP_DOWN, "c_status"),
		TS_TOP("日付", FT_DATE, "c_date"),			/* 15 */
		TS_TOP("time", FT_TIME, "c_time"),
		TS_TOP("日時", FT_DATETIME, "c_dt"),
		TS_TOP("link", FT_LINK, "c_link"),
		TS_TOP("添付", FT_FILE, "c_file"),
		TS_TOP("users", FT_USER_SELECT, "c_users"),		/* 20 */
		TS_TOP("weird", FT_SINGLE_LINE_TEXT, "we\"ird"),
		{.code = "明細", .type = FT_SUBTABLE, .table = "app_1_t22", .parent = -1},
		TS_IN("品名", FT_SINGLE_LINE_TEXT, "c_item"),
		TS_IN("単価", FT_NUMBER, "c_price"),
		TS_IN("納期", FT_DATE, "c_due"),			/* 25 */
		TS_IN("時刻", FT_TIME, "c_at"),
		TS_IN("受付日時", FT_DATETIME, "c_recv"),
		TS_IN("備考", FT_MULTI_LINE_TEXT, "c_note"),
		TS_IN("区分", FT_CHECK_BOX, "c_kind"),
		TS_IN("担当", FT_USER_SELECT, "c_staff"),		/* 30 */
		TS_IN("資料", FT_FILE, "c_doc"),
		TS_IN("種別", FT_DROP_DOWN, "c_type"),
		TS_IN("参照", FT_LINK, "c_ref"),
	};
	static const struct schema s = {
		.app_id = 1,
		.revision = 1,
		.table = "app_1",
		.app_code = "APP",
		.fields = f,
		.n_fields = sizeof f / sizeof f[0],
	};
	return &s;
}

#undef TS_TOP
#undef TS_IN

/* The tables for test_schema(), as the store would create them. */
static inline const char *test_schema_ddl(void)
{
	return "CREATE TABLE app_1 (id INTEGER PRIMARY KEY, revision INTEGER NOT NULL,"
	       " creator TEXT NOT NULL, modifier TEXT NOT NULL,"
	       " created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
	       " c_title TEXT NOT NULL DEFAULT '', c_jtitle TEXT NOT NULL DEFAULT '',"
	       " c_body TEXT NOT NULL DEFAULT '', c_rich TEXT NOT NULL DEFAULT '',"
	       " c_amount TEXT NOT NULL DEFAULT '', c_amount_n NUMERIC,"
	       " c_qty TEXT NOT NULL DEFAULT '', c_qty_n NUMERIC,"
	       " c_radio TEXT, c_check TEXT NOT NULL DEFAULT '[]',"
	       " c_multi TEXT NOT NULL DEFAULT '[]', c_status TEXT,"
	       " c_date TEXT, c_time TEXT, c_dt TEXT, c_link TEXT NOT NULL DEFAULT '',"
	       " c_file TEXT NOT NULL DEFAULT '[]', c_users TEXT NOT NULL DEFAULT '[]',"
	       " \"we\"\"ird\" TEXT NOT NULL DEFAULT '');"
	       "CREATE TABLE app_1_t22 (id INTEGER PRIMARY KEY, record_id INTEGER NOT NULL,"
	       " pos INTEGER NOT NULL, c_item TEXT NOT NULL DEFAULT '',"
	       " c_price TEXT NOT NULL DEFAULT '', c_price_n NUMERIC, c_due TEXT, c_at TEXT,"
	       " c_recv TEXT, c_note TEXT NOT NULL DEFAULT '',"
	       " c_kind TEXT NOT NULL DEFAULT '[]', c_staff TEXT NOT NULL DEFAULT '[]',"
	       " c_doc TEXT NOT NULL DEFAULT '[]', c_type TEXT, c_ref TEXT NOT NULL DEFAULT '');"
	       "CREATE TABLE files (key TEXT PRIMARY KEY, name TEXT NOT NULL);";
}

#endif
