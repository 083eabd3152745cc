/* mynumber_guard: the My Number guard on write paths (see mynumber_guard.h). */
#include "http/mynumber_guard.h"
#include "core/strutil.h"
#include "fields/schema.h"
#include "http/appctx.h"
#include "rules/mynumber.h"
#include "store/misc.h"
#include "store/store.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum { CHUNK = 4 << 20 };	/* bytes of a text file scanned at a time */

/* One scan of a record, a comment or a file: what it found so far. */
struct guard {
	struct req *r;
	const struct app_ctx *c;
	const struct mnguard_src *src;
	bool header;		/* the request confirms DC_MN02 warnings */
	int refused;		/* places refused */
	int unconfirmed;	/* places needing confirmation */
	bool confirmed;		/* a warning was let through by the header */
	char first[160];	/* the first place refused (or to confirm), localised */
	bool first_refused;
};

bool mnguard_is_refusal(enum err_code code)
{
	return code == E_MYNUMBER || code == E_MYNUMBER_CONFIRM;
}

static bool header_confirms(const struct req *r)
{
	const char *h = req_header(r, MNGUARD_CONFIRM_HEADER);
	return h != NULL && strcasecmp(h, MNGUARD_CONFIRM_VALUE) == 0;
}

/* Where a value sits, in the request's language (codes and labels, never values). */
static void place(const struct guard *g, const struct field_def *f, const struct field_def *table,
		  size_t row, const char *file, bool file_name, char *out, size_t size)
{
	bool ja = g->r->lang == LANG_JA;
	char head[200] = "", tail[120] = "";
	const char *label = f->label && *f->label ? f->label : f->code;
	if (g->src && g->src->import_row > 0) {
		if (ja)
			snprintf(head, sizeof head, "取り込む %ld 件目の「%s」列（%s）", g->src->import_row,
				 label, f->code);
		else
			snprintf(head, sizeof head, "Import record %ld, column \"%s\" (%s),", g->src->import_row,
				 label, f->code);
	} else if (table != NULL) {
		if (ja)
			snprintf(head, sizeof head, "テーブル「%s」の %zu 行目のフィールド「%s」", table->code,
				 row + 1, f->code);
		else
			snprintf(head, sizeof head, "Row %zu of the table \"%s\", field \"%s\",", row + 1,
				 table->code, f->code);
	} else {
		if (ja)
			snprintf(head, sizeof head, "フィールド「%s」", f->code);
		else
			snprintf(head, sizeof head, "The field \"%s\"", f->code);
	}
	if (file_name)
		snprintf(tail, sizeof tail, ja ? "のファイル名" : " (a file name)");
	else if (file != NULL)
		snprintf(tail, sizeof tail, ja ? "のファイル「%.80s」" : " (the file \"%.80s\")", file);
	size_t n = strlen(head);
	if (!ja && n > 0 && head[n - 1] == ',' && *tail)
		head[n - 1] = '\0';
	snprintf(out, size, "%s%s", head, tail);
}

/* Records a verdict for the value under key; msg/arg are the field message. */
static void note(struct guard *g, const struct mn_result *res, const char *key, enum fmsg msg,
		 const char *arg, const char *where)
{
	enum mn_verdict v = res->verdict;
	if (v == MN_NONE)
		return;
	if (v == MN_CONFIRM && g->src && g->src->import_row > 0)
		v = MN_REFUSE;	/* an import has no one to confirm each row: refuse */
	if (v == MN_CONFIRM && g->header) {
		g->confirmed = true;
		return;
	}
	if (v == MN_CONFIRM && msg == FM_MYNUMBER)
		msg = FM_MYNUMBER_CONFIRM;
	err_field(&g->r->err, key, msg, arg);
	if (v == MN_REFUSE)
		g->refused++;
	else
		g->unconfirmed++;
	if (g->first[0] == '\0' || (v == MN_REFUSE && !g->first_refused)) {
		str_copy(g->first, where, sizeof g->first);
		g->first_refused = v == MN_REFUSE;
	}
}

/* Path of a stored blob. */
static void blob_path(char *out, size_t size, const char *sha)
{
	snprintf(out, size, "%s/files/%.2s/%s", store_data_dir(), sha, sha);
}

/* True for file names whose contents are scanned, and whether they are prose. */
static bool text_file(const char *name, bool *prose)
{
	const char *dot = strrchr(name, '.');
	*prose = false;
	if (dot == NULL)
		return false;
	if (strcasecmp(dot, ".txt") == 0) {
		*prose = true;
		return true;
	}
	return strcasecmp(dot, ".csv") == 0 || strcasecmp(dot, ".tsv") == 0 ||
	       strcasecmp(dot, ".json") == 0;
}

/*
 * Scans a stored file in chunks cut after a line break (numbers do not span lines), so
 * any size is read with bounded memory. The worst verdict wins.
 */
static void scan_blob(const char *sha, const struct mn_opts *o, struct mn_result *out)
{
	char path[800];
	memset(out, 0, sizeof *out);
	blob_path(path, sizeof path, sha);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return;
	char *buf = malloc(CHUNK);
	if (buf == NULL) {
		close(fd);
		return;
	}
	size_t have = 0;
	for (;;) {
		ssize_t n = read(fd, buf + have, CHUNK - have);
		if (n < 0)
			break;
		have += (size_t)n;
		bool eof = n == 0;
		if (!eof && have < CHUNK)
			continue;	/* keep reading until the buffer is full */
		size_t cut = have;
		if (!eof) {
			while (cut > 0 && buf[cut - 1] != '\n')
				cut--;
			if (cut == 0)
				cut = have;	/* one line longer than the buffer */
		}
		struct mn_result part;
		mynumber_scan(buf, cut, o, &part);
		if (part.verdict > out->verdict)
			*out = part;
		memmove(buf, buf + cut, have - cut);
		have -= cut;
		if (eof)
			break;
	}
	free(buf);
	close(fd);
}

/* The upload keys of a FILE value that are not attached yet. */
static void scan_files(struct guard *g, const struct field_def *f, const struct field_def *table,
		       size_t row, const char *text, const char *key)
{
	json_error_t je;
	json_t *keys = json_loads(text, 0, &je);
	size_t i;
	json_t *k;
	json_array_foreach(keys, i, k) {
		const char *ks = json_string_value(k);
		struct file_row fr;
		struct err e;
		err_init(&e, NULL);
		if (ks == NULL || strlen(ks) > 128 ||
		    store_file_get(store_thread(), g->r->arena, ks, &fr, &e) != 0)
			continue;
		if (fr.app_id != 0)
			continue;	/* already this record's attachment: scanned when attached */
		char where[160];
		struct mn_result res;
		struct mn_opts name_opts = {false, NULL};
		mynumber_scan(fr.name, strlen(fr.name), &name_opts, &res);
		if (res.verdict != MN_NONE) {
			place(g, f, table, row, NULL, true, where, sizeof where);
			note(g, &res, key, FM_MYNUMBER_FILE_NAME, NULL, where);
			continue;
		}
		bool prose;
		if (!text_file(fr.name, &prose))
			continue;
		struct mn_opts o = {prose, f->label};
		scan_blob(fr.sha256, &o, &res);
		place(g, f, table, row, fr.name, false, where, sizeof where);
		note(g, &res, key, FM_MYNUMBER_FILE, fr.name, where);
	}
	json_decref(keys);
}

/* Scans one field value (top level, or a subtable cell). */
static void scan_value(struct guard *g, const struct field_def *f, const struct field_def *table,
		       size_t row, const struct fvalue *v, const char *key)
{
	if (!v->set || v->text == NULL || *v->text == '\0')
		return;
	bool prose = false;
	switch (f->type) {
	case FT_MULTI_LINE_TEXT:
	case FT_RICH_TEXT:
		prose = true;
		break;
	case FT_SINGLE_LINE_TEXT:
	case FT_NUMBER:
	case FT_LINK:
	case FT_RADIO_BUTTON:
	case FT_DROP_DOWN:
	case FT_CHECK_BOX:
	case FT_MULTI_SELECT:
		break;
	case FT_FILE:
		scan_files(g, f, table, row, v->text, key);
		return;
	default:
		return;
	}
	struct mn_opts o = {prose, f->label};
	struct mn_result res;
	const char *text = v->text;
	char padded[16];
	/* Rich text: the words between the tags (1234<b>5678</b>&nbsp;9018 is a number). */
	if (f->type == FT_RICH_TEXT) {
		size_t n = strlen(text);
		char *plain = arena_alloc(g->r->arena, n + 1);
		mynumber_html_text(text, n, plain);
		text = plain;
	}
	/* A NUMBER drops a leading zero: 11 digits are checked as the 12 they came from. */
	if (f->type == FT_NUMBER && strlen(text) == 11 && strspn(text, "0123456789") == 11) {
		snprintf(padded, sizeof padded, "0%s", text);
		text = padded;
	}
	mynumber_scan(text, strlen(text), &o, &res);
	if (res.verdict == MN_NONE)
		return;
	char where[160];
	place(g, f, table, row, NULL, false, where, sizeof where);
	note(g, &res, key, FM_MYNUMBER, NULL, where);
}

/* Sets the request's error from what the scan found; 0 when nothing stops the write. */
static int finish(struct guard *g, bool *confirmed)
{
	struct err *e = &g->r->err;
	*confirmed = g->confirmed;
	if (g->refused == 0 && g->unconfirmed == 0)
		return 0;
	enum err_code code = g->refused ? E_MYNUMBER : E_MYNUMBER_CONFIRM;
	/* The first refusal of the request names the place; E_MYNUMBER outranks all. */
	if (e->code != E_MYNUMBER && (code == E_MYNUMBER || e->code != E_MYNUMBER_CONFIRM)) {
		int more = g->refused + g->unconfirmed - 1;
		bool ja = g->r->lang == LANG_JA;
		if (more > 0)
			err_set(e, code, ja ? "%s（ほか %d か所）" : "%s (and %d more places)", g->first, more);
		else
			err_set(e, code, "%s", g->first);
	}
	return -1;
}

int mnguard_record(struct req *r, const struct app_ctx *c, const struct record_write *rw,
		   const struct mnguard_src *src, bool *confirmed)
{
	struct guard g = {.r = r, .c = c, .src = src, .header = header_confirms(r)};
	*confirmed = false;
	if (appctx_mynumber_exempt(c) || rw->vals == NULL)
		return 0;
	const struct schema *s = c->schema;
	for (size_t i = 0; i < s->n_fields; i++) {
		const struct field_def *f = &s->fields[i];
		const struct fvalue *v = &rw->vals[i];
		if (f->parent >= 0 || !v->set)
			continue;
		char key[400];
		snprintf(key, sizeof key, "%s.%s.value", src->prefix, f->code);
		if (f->type != FT_SUBTABLE) {
			scan_value(&g, f, NULL, 0, v, key);
			continue;
		}
		for (size_t row = 0; row < v->n_rows; row++) {
			if (v->rows[row].vals == NULL)
				continue;
			for (size_t k = 0; k < s->n_fields; k++) {
				const struct field_def *inner = &s->fields[k];
				if (inner->parent != (int)i)
					continue;
				char ikey[800];
				snprintf(ikey, sizeof ikey, "%s.%s.value[%zu].value.%s.value", src->prefix,
					 f->code, row, inner->code);
				scan_value(&g, inner, f, row, &v->rows[row].vals[k], ikey);
			}
		}
	}
	return finish(&g, confirmed);
}

int mnguard_text(struct req *r, const struct app_ctx *c, const char *key, const char *what_ja,
		 const char *what_en, const char *text, bool *confirmed)
{
	struct guard g = {.r = r, .c = c, .header = header_confirms(r)};
	*confirmed = false;
	if ((c != NULL && appctx_mynumber_exempt(c)) || text == NULL)
		return 0;
	struct mn_opts o = {true, NULL};
	struct mn_result res;
	mynumber_scan(text, strlen(text), &o, &res);
	note(&g, &res, key, FM_MYNUMBER, NULL, r->lang == LANG_JA ? what_ja : what_en);
	return finish(&g, confirmed);
}

int mnguard_comment(struct req *r, const struct app_ctx *c, const char *text, bool *confirmed)
{
	return mnguard_text(r, c, "comment.text", "コメント", "The comment", text, confirmed);
}

void mnguard_log_confirmed(struct req *r, int64_t app_id, int64_t record_id)
{
	static const char action[] = "mynumber.confirmed";
	struct audit_entry *cur = r->cur_audit, *a = NULL;
	/* One entry per app and request, holding every record confirmed. */
	for (int i = 0; i < r->n_audit && a == NULL; i++)
		if (r->audit[i].action && strcmp(r->audit[i].action, action) == 0 &&
		    r->audit[i].app_id == app_id)
			a = &r->audit[i];
	if (a == NULL) {
		if (r->n_audit >= AUDIT_MAX_ENTRIES)
			return;
		audit_begin(r, action, app_id);
		a = r->cur_audit;
	}
	r->cur_audit = a;
	if (record_id > 0)
		audit_id(r, record_id);
	r->cur_audit = cur;
}
