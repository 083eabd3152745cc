/*
 * app_tables: the record tables of an app and their migration on deploy.
 *
 * The mapping from field types to columns is the one described in fields/schema.h.
 * Fields are matched between the old and the new form by their column names, which
 * never change once given, so renaming a field code never touches data. Every DDL
 * statement runs inside the deploy's transaction: a failed deploy leaves the tables
 * exactly as they were.
 */
#include "store/apps.h"
#include "store/db_int.h"
#include "fields/schema.h"

#include <stdio.h>
#include <string.h>

/* Column type and default for a field type. */
static const char *col_decl(enum field_type t)
{
	switch (t) {
	case FT_SINGLE_LINE_TEXT:
	case FT_MULTI_LINE_TEXT:
	case FT_RICH_TEXT:
	case FT_LINK:
	case FT_NUMBER:
		return "TEXT NOT NULL DEFAULT ''";
	case FT_CHECK_BOX:
	case FT_MULTI_SELECT:
	case FT_USER_SELECT:
	case FT_FILE:
		return "TEXT NOT NULL DEFAULT '[]'";
	default:
		return "TEXT";
	}
}

/*
 * True for types indexed when deployed: option fields, with few distinct values, are
 * what lists are mostly filtered by and cheap to keep indexed. Other fields are indexed
 * once queries use them (store/indexes.c): an index on a field of scattered values
 * costs every write.
 */
static bool indexed(enum field_type t)
{
	return t == FT_DROP_DOWN || t == FT_RADIO_BUTTON;
}

static bool has_column(enum field_type t)
{
	return t != FT_SUBTABLE && !field_type_is_system(t);
}

static const struct field_def *by_column(const struct schema *s, const char *table,
					 const char *col)
{
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < s->n_fields; i++) {
		const struct field_def *f = &s->fields[i];
		const char *ft = f->parent >= 0 ? s->fields[f->parent].table : s->table;
		if (f->column && strcmp(f->column, col) == 0 && strcmp(ft, table) == 0)
			return f;
	}
	return NULL;
}

static const struct field_def *by_table(const struct schema *s, const char *table)
{
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < s->n_fields; i++)
		if (s->fields[i].type == FT_SUBTABLE && strcmp(s->fields[i].table, table) == 0)
			return &s->fields[i];
	return NULL;
}

/* Runs one DDL statement built with sqlite3_mprintf; frees it. */
static int ddl(struct store *st, char *sql, struct err *e)
{
	if (sql == NULL)
		return err_set(e, E_INTERNAL, NULL);
	int rc = db_exec(st, sql, e);
	sqlite3_free(sql);
	return rc;
}

static int add_column(struct store *st, const char *table, const struct field_def *f,
		      struct err *e)
{
	if (ddl(st, sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN \"%w\" %s", table, f->column,
				    col_decl(f->type)), e) != 0)
		return -1;
	if (f->type == FT_NUMBER &&
	    ddl(st, sqlite3_mprintf("ALTER TABLE \"%w\" ADD COLUMN \"%w_n\" NUMERIC", table,
				    f->column), e) != 0)
		return -1;
	return 0;
}

static int drop_column(struct store *st, const char *table, const struct field_def *f,
		       struct err *e)
{
	if (ddl(st, sqlite3_mprintf("DROP INDEX IF EXISTS \"ix_%w_%w\"; DROP INDEX IF EXISTS"
				    " \"uq_%w_%w\"", table, f->column, table, f->column), e) != 0)
		return -1;
	if (f->type == FT_NUMBER &&
	    ddl(st, sqlite3_mprintf("ALTER TABLE \"%w\" DROP COLUMN \"%w_n\"", table, f->column),
		e) != 0)
		return -1;
	return ddl(st, sqlite3_mprintf("ALTER TABLE \"%w\" DROP COLUMN \"%w\"", table, f->column), e);
}

/* Brings the indexes of one field to what its definition asks for. */
static int sync_indexes(struct store *st, const char *table, const struct field_def *old,
			const struct field_def *f, struct err *e)
{
	bool was_unique = old && old->unique, was_indexed = old && indexed(old->type);
	if (indexed(f->type) && !was_indexed &&
	    ddl(st, sqlite3_mprintf("CREATE INDEX IF NOT EXISTS \"ix_%w_%w\" ON \"%w\"(\"%w%s\")",
				    table, f->column, table, f->column,
				    f->type == FT_NUMBER ? "_n" : ""), e) != 0)
		return -1;
	if (was_unique && !f->unique)
		return ddl(st, sqlite3_mprintf("DROP INDEX IF EXISTS \"uq_%w_%w\"", table, f->column), e);
	if (f->unique && !was_unique) {
		char *sql = sqlite3_mprintf(
			"CREATE UNIQUE INDEX \"uq_%w_%w\" ON \"%w\"(\"%w\") WHERE \"%w\" IS NOT NULL"
			" AND \"%w\" != ''", table, f->column, table, f->column, f->column, f->column);
		char *msg = NULL;
		int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
		sqlite3_free(sql);
		sqlite3_free(msg);
		if ((rc & 0xff) == SQLITE_CONSTRAINT) {
			char key[300];
			snprintf(key, sizeof key, "properties.%s.unique", f->code);
			return err_field(e, key, FM_UNIQUE_EXISTING, NULL);
		}
		if (rc != SQLITE_OK)
			return db_fail(st, rc, e);
	}
	return 0;
}

static int create_child(struct store *st, const char *parent_table, const struct field_def *t,
			struct err *e)
{
	return ddl(st, sqlite3_mprintf(
		"CREATE TABLE \"%w\"(id INTEGER PRIMARY KEY AUTOINCREMENT,"
		" record_id INTEGER NOT NULL REFERENCES \"%w\"(id) ON DELETE CASCADE,"
		" pos INTEGER NOT NULL);"
		"CREATE INDEX \"ix_%w_record\" ON \"%w\"(record_id, pos);",
		t->table, parent_table, t->table, t->table), e);
}

int store_app_migrate(struct store *st, const struct schema *from, const struct schema *to,
		      struct err *e)
{
	/* Drop what the new form no longer has. */
	for (size_t i = 0; from && i < from->n_fields; i++) {
		const struct field_def *f = &from->fields[i];
		if (f->type == FT_SUBTABLE) {
			if (by_table(to, f->table) == NULL &&
			    ddl(st, sqlite3_mprintf("DROP TABLE \"%w\"", f->table), e) != 0)
				return -1;
			continue;
		}
		if (!has_column(f->type))
			continue;
		const char *table = f->parent >= 0 ? from->fields[f->parent].table : from->table;
		if (f->parent >= 0 && by_table(to, table) == NULL)
			continue;	/* dropped with its table */
		const struct field_def *now = by_column(to, table, f->column);
		if (now == NULL || now->type != f->type) {
			if (drop_column(st, table, f, e) != 0)
				return -1;
		}
	}
	/* Create what is new, and adjust indexes. */
	for (size_t i = 0; i < to->n_fields; i++) {
		const struct field_def *f = &to->fields[i];
		if (f->type == FT_SUBTABLE) {
			if (by_table(from, f->table) == NULL && create_child(st, to->table, f, e) != 0)
				return -1;
			continue;
		}
		if (!has_column(f->type))
			continue;
		const char *table = f->parent >= 0 ? to->fields[f->parent].table : to->table;
		const struct field_def *old = by_column(from, table, f->column);
		if (old != NULL && old->type != f->type)
			old = NULL;
		if (old == NULL && add_column(st, table, f, e) != 0)
			return -1;
		if (sync_indexes(st, table, old, f, e) != 0)
			return -1;
	}
	return 0;
}
