/* store/indexes: indexes made when queries need them (see indexes.h). */
#include "store/indexes.h"
#include "store/db_int.h"
#include "core/log.h"
#include "core/strutil.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

enum { TRACKED = 256, WANTED_AFTER = 2 };

struct tracked {
	char table[48];		/* the app's (or nothing: a free slot) */
	char column[48];	/* the column to index (NUMBER: its numeric column) */
	int uses;		/* queries that used it */
	bool built;		/* made (or found made) */
};

static struct tracked slots[TRACKED];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static int pending;

bool index_on_demand(enum field_type t)
{
	switch (t) {
	case FT_SINGLE_LINE_TEXT:
	case FT_LINK:
	case FT_NUMBER:
	case FT_DATE:
	case FT_TIME:
	case FT_DATETIME:
	case FT_CREATOR:
	case FT_MODIFIER:
		return true;
	default:
		return false;
	}
}

static const char *column_of(const struct field_def *f, char *buf, size_t size)
{
	if (f->type == FT_CREATOR)
		return "creator";
	if (f->type == FT_MODIFIER)
		return "modifier";
	snprintf(buf, size, f->type == FT_NUMBER ? "%s_n" : "%s", f->column);
	return buf;
}

void index_note(const struct schema *s, const struct field_def *const *fields, size_t n)
{
	if (s->sealed)	/* class I: an index of ciphertext cannot serve a query */
		return;
	for (size_t i = 0; i < n; i++) {
		const struct field_def *f = fields[i];
		char buf[48];
		if (f->parent >= 0 || f->unique || !index_on_demand(f->type))
			continue;
		const char *col = column_of(f, buf, sizeof buf);
		pthread_mutex_lock(&lock);
		struct tracked *t = NULL, *free_slot = NULL;
		for (int k = 0; k < TRACKED && t == NULL; k++) {
			if (slots[k].table[0] == '\0') {
				if (free_slot == NULL)
					free_slot = &slots[k];
			} else if (strcmp(slots[k].table, s->table) == 0 && strcmp(slots[k].column, col) == 0) {
				t = &slots[k];
			}
		}
		if (t == NULL && free_slot != NULL) {
			t = free_slot;
			str_copy(t->table, s->table, sizeof t->table);
			str_copy(t->column, col, sizeof t->column);
		}
		if (t != NULL && !t->built && ++t->uses == WANTED_AFTER)
			pending++;
		pthread_mutex_unlock(&lock);
	}
}

int index_build_pending(struct store *st)
{
	int made = 0;
	for (;;) {
		char table[48], column[48];
		pthread_mutex_lock(&lock);
		struct tracked *t = NULL;
		for (int k = 0; k < TRACKED && pending > 0 && t == NULL; k++)
			if (slots[k].table[0] && !slots[k].built && slots[k].uses >= WANTED_AFTER)
				t = &slots[k];
		if (t != NULL) {
			t->built = true;
			pending--;
			str_copy(table, t->table, sizeof table);
			str_copy(column, t->column, sizeof column);
		}
		pthread_mutex_unlock(&lock);
		if (t == NULL)
			return made;
		/* The name matches the one deploys use, so dropping the field drops it. */
		size_t cl = strlen(column);
		char base[48];
		str_copy(base, column, sizeof base);
		if (cl > 2 && strcmp(column + cl - 2, "_n") == 0)
			base[cl - 2] = '\0';
		char *sql = sqlite3_mprintf("CREATE INDEX IF NOT EXISTS \"ix_%w_%w\" ON \"%w\"(\"%w\")",
					    table, base, table, column);
		struct err e;
		err_init(&e, NULL);
		if (store_begin(st, &e) == 0 && db_exec(st, sql, &e) == 0 && store_commit(st, &e) == 0) {
			log_info("made an index on %s.%s for the queries that use it", table, column);
			made++;
		} else {
			store_rollback(st);	/* the table or column went away meanwhile */
		}
		sqlite3_free(sql);
	}
}
