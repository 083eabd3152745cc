/*
 * exports: the CSV export and its rules (Kuki 第11条 copying and sending only as
 * instructed, 第14条 several people check before personal data leaves; Yabu 第10条(4)).
 *
 * GET /api/records/export.csv writes the file at once, as in kintone, and records it in
 * the export history once the gates passed (who, when, app, count). With the policy
 * export.rules on: a class Ⅰ export needs a stated reason (DC_EX01), kept with the
 * record; an export of personal data above the app's threshold is stored instead and
 * answered 202, an inbox item asks a second person to check and approve it, and the
 * requester then downloads it once from /api/export/download before the release
 * expires (DC_EX02 otherwise); every file carries a watermark column (who, when, which
 * request) that daicho's own import skips. The decisions are rules/exports.c.
 */
#include "http/handlers/handlers.h"
#include "core/log.h"
#include "core/timeutil.h"
#include "export/csv.h"
#include "fields/record.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/params.h"
#include "query/query.h"
#include "rules/classes.h"
#include "rules/downloads.h"
#include "rules/exports.h"
#include "rules/policy.h"
#include "rules/roles.h"
#include "store/apps.h"
#include "store/downloads.h"
#include "store/exports.h"
#include "store/inbox.h"
#include "store/indexes.h"
#include "store/records.h"
#include "store/users.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { EXPORT_MAX = 100000, PAGE = 500, APPROVERS_MAX = 32 };

/* What to export, from the request's parameters or a held export's stored format. */
struct spec {
	const char *query;		/* condition and order of the view */
	const char *enc_name;		/* "UTF-8" or "Shift_JIS" as asked */
	enum csv_encoding enc;
	bool codes;			/* column names are field codes (else labels) */
	const struct field_def **cols;	/* the columns, in order */
	size_t n_cols;
	bool *mask;			/* the fields read */
	json_t *fields;			/* the "fields" parameter (borrowed), or NULL */
	struct query_plan plan;		/* the compiled condition */
};

/* What the hook after the gates records (in the arena). */
struct pending {
	struct export_row row;		/* the history row to add (id 0) */
	int64_t release_id;		/* > 0: the held export this download releases */
};

/* Reads the export's parameters from obj and compiles its condition for schema sc. */
static int spec_parse(struct req *r, json_t *obj, const struct schema *sc, struct spec *sp)
{
	const char *header;
	memset(sp, 0, sizeof *sp);
	if (param_str(r, obj, "query", "", &sp->query) != 0 ||
	    param_str(r, obj, "encoding", "UTF-8", &sp->enc_name) != 0 ||
	    param_str(r, obj, "header", "label", &header) != 0)
		return -1;
	const char *enc = sp->enc_name;
	if (strcmp(enc, "UTF-8") == 0 || strcmp(enc, "utf-8") == 0)
		sp->enc = CSV_UTF8_BOM;
	else if (strcmp(enc, "Shift_JIS") == 0 || strcmp(enc, "SJIS") == 0 || strcmp(enc, "sjis") == 0)
		sp->enc = CSV_SHIFT_JIS;
	else
		return err_field(&r->err, "encoding", FM_ENUM, NULL);
	sp->codes = strcmp(header, "code") == 0;
	/* Columns: the fields asked for, or every top-level field but subtables. */
	sp->fields = json_object_get(obj, "fields");
	sp->mask = mask_from_json(r->arena, sc, sp->fields);
	sp->cols = arena_alloc(r->arena, (sc->n_fields + 1) * sizeof *sp->cols);
	if (json_is_array(sp->fields)) {
		size_t i;
		json_t *c;
		json_array_foreach(sp->fields, i, c) {
			const struct field_def *f = json_is_string(c) ? schema_find(sc, json_string_value(c)) : NULL;
			if (f == NULL || f->parent >= 0 || f->type == FT_SUBTABLE) {
				char key[32];
				snprintf(key, sizeof key, "fields[%zu]", i);
				return err_field(&r->err, key, FM_INVALID, NULL);
			}
			sp->cols[sp->n_cols++] = f;
		}
	} else {
		for (size_t i = 0; i < sc->n_fields; i++)
			if (sc->fields[i].parent < 0 && sc->fields[i].type != FT_SUBTABLE)
				sp->cols[sp->n_cols++] = &sc->fields[i];
	}
	struct query_ctx ctx = {r->now, r->who.user_code, QUERY_NO_LIMIT_OFFSET};
	if (query_compile(r->arena, sp->query, strlen(sp->query), sc, &ctx, &sp->plan, &r->err) != 0)
		return -1;
	index_note(sc, sp->plan.used, sp->plan.n_used);
	return 0;
}

/* The export's format as stored with a held export (JSON text in the arena). */
static const char *spec_format(struct req *r, const struct spec *sp)
{
	json_t *f = json_pack("{s:s,s:s,s:s}", "query", sp->query, "encoding", sp->enc_name,
			      "header", sp->codes ? "code" : "label");
	json_t *cols = json_array();
	for (size_t i = 0; i < sp->n_cols; i++)
		json_array_append_new(cols, json_string(sp->cols[i]->code));
	json_object_set_new(f, "fields", cols);
	char *text = json_dumps(f, JSON_COMPACT);
	json_decref(f);
	const char *out = arena_strdup(r->arena, text ? text : "{}");
	free(text);
	return out;
}

/* The text of a cell for CSV: lists joined by newlines, users and files by code/name. */
static const char *cell_text(struct req *r, const struct schema *sc, const struct field_def *f,
			     const char *cell)
{
	if (cell == NULL)
		return "";
	if (f->type == FT_RECORD_NUMBER && sc->app_code[0])
		return arena_printf(r->arena, "%s-%s", sc->app_code, cell);
	if (!field_type_is_list(f->type) && f->type != FT_CREATOR && f->type != FT_MODIFIER)
		return cell;
	json_error_t je;
	json_t *v = json_loads(cell, 0, &je);
	if (json_is_object(v)) {
		const char *code = arena_strdup(r->arena, json_string_value(json_object_get(v, "code")) ?: "");
		json_decref(v);
		return code;
	}
	struct buf b;
	buf_init(&b, 0);
	size_t i;
	json_t *x;
	json_array_foreach(v, i, x) {
		const char *t = json_is_string(x) ? json_string_value(x)
			      : json_string_value(json_object_get(x, f->type == FT_FILE ? "name" : "code"));
		if (i)
			buf_putc(&b, '\n');
		buf_puts(&b, t ? t : "");
	}
	const char *out = arena_strdup(r->arena, buf_str(&b));
	buf_free(&b);
	json_decref(v);
	return out;
}

/*
 * Writes the CSV of the records matching sp (those with ids up to max_id when > 0) into
 * s, with a last column holding watermark when it is not NULL; each record read is
 * added to the access-log entry. *written gets the number of records.
 */
static int write_csv(struct req *r, struct res *s, const struct schema *sc, const struct spec *sp,
		     int64_t total, int64_t max_id, const char *watermark, int64_t *written)
{
	struct store *st = store_thread();
	struct csv_out out;
	*written = 0;
	if (csv_begin(&out, &s->body, sp->enc) != 0)
		return err_set(&r->err, E_INTERNAL, NULL);
	for (size_t i = 0; i < sp->n_cols; i++)
		csv_cell(&out, sp->codes ? sp->cols[i]->code : sp->cols[i]->label);
	if (watermark)
		csv_cell(&out, EXPORT_WATERMARK_HEADER);
	csv_row_end(&out);
	for (int64_t off = 0; off < total; off += PAGE) {
		struct arena page;
		struct rec_row *rows;
		size_t n;
		arena_init(&page, 0);
		struct rec_query rq = {sp->plan.where, sp->plan.params, sp->plan.n_params,
				       sp->plan.order_by, PAGE, off};
		if (store_records_select(st, &page, sc, &rq, sp->mask, &rows, &n, &r->err) != 0) {
			arena_destroy(&page);
			csv_end(&out);
			return -1;
		}
		for (size_t k = 0; k < n; k++) {
			if (max_id > 0 && rows[k].id > max_id)
				continue;
			for (size_t i = 0; i < sp->n_cols; i++)
				csv_cell(&out, cell_text(r, sc, sp->cols[i],
							 rows[k].cells[schema_index(sc, sp->cols[i])]));
			if (watermark)
				csv_cell(&out, watermark);
			csv_row_end(&out);
			audit_id(r, rows[k].id);
			(*written)++;
		}
		arena_destroy(&page);
		if (n < PAGE)
			break;
	}
	csv_end(&out);
	if (out.unconvertible)
		res_header(s, "X-Daicho-Unconvertible", arena_printf(r->arena, "%zu", out.unconvertible));
	s->content_type = sp->enc == CSV_SHIFT_JIS ? "text/csv; charset=Shift_JIS" : "text/csv; charset=utf-8";
	return 0;
}

/* Sets the attachment's file name: app<id>-<local time>[-<login>].csv. */
static void file_name(struct req *r, struct res *s, int64_t app_id, bool with_user)
{
	char when[16], user[40] = "";
	struct tm lt;
	localtime_r(&r->now, &lt);
	strftime(when, sizeof when, "%Y%m%d-%H%M", &lt);
	if (with_user && r->who.user_code) {
		size_t k = 0;
		user[k++] = '-';
		for (const char *p = r->who.user_code; *p && k + 1 < sizeof user; p++) {
			char c = *p;
			bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
				  c == '.' || c == '_' || c == '-';
			user[k++] = ok ? c : '_';
		}
		user[k] = '\0';
	}
	res_header(s, "Content-Disposition", arena_printf(r->arena, "attachment; filename=\"app%lld-%s%s.csv\"",
							   (long long)app_id, when, user));
}

/* The watermark of a file written now by the caller (arena text). */
static const char *watermark_now(struct req *r)
{
	char wm[400];
	struct tm lt;
	localtime_r(&r->now, &lt);
	export_watermark(wm, sizeof wm, r->who.user_code, r->who.user_name, r->now, lt.tm_gmtoff,
			 r->request_id);
	return arena_strdup(r->arena, wm);
}

/* Percent-encodes text for a header value (arena). */
static const char *header_text(struct req *r, const char *text)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = strlen(text);
	char *out = arena_alloc(r->arena, n * 3 + 1), *o = out;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		if (*p > 0x20 && *p < 0x7f && *p != '%') {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = hex[*p >> 4];
			*o++ = hex[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

/* After the gates: the history row of a file that is being sent (and a release). */
static int record_sent(struct req *r)
{
	struct pending *p = r->after_ctx;
	struct store *st = store_thread();
	int64_t id;
	bool changed = true;
	if (store_begin(st, &r->err) != 0)
		return -1;
	if (p->release_id > 0) {
		if (store_export_downloaded(st, p->release_id, p->row.watermark, r->now, &changed, &r->err) != 0)
			goto fail;
		if (!changed) {
			store_rollback(st);
			return err_set(&r->err, E_EX_NOT_RELEASED, "%s", r->lang == LANG_EN ? "already downloaded" : "ダウンロード済み");
		}
	} else if (store_export_add(st, &p->row, &id, &r->err) != 0) {
		goto fail;
	}
	if (store_commit(st, &r->err) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

/* The app's approval threshold: its own or the policy's. */
static int threshold_of(struct req *r, int64_t app_id, int64_t *t)
{
	bool found;
	if (store_export_threshold_get(store_thread(), app_id, t, &found, &r->err) != 0)
		return -1;
	if (!found)
		*t = policy_int("export.approval_threshold");
	return 0;
}

/* True when field code is flagged personal in the app. */
static bool is_personal_field(const struct app_ctx *c, const char *code)
{
	for (size_t i = 0; i < c->n_personal_fields; i++)
		if (c->personal_fields[i] && strcmp(c->personal_fields[i], code) == 0)
			return true;
	return false;
}

/* True when the export includes personal data: the app is flagged, or a column is. */
static bool exports_personal(const struct app_ctx *c, const struct spec *sp)
{
	if (c->app_flags & (APP_FLAG_PERSONAL | APP_FLAG_SENSITIVE | APP_FLAG_MYNUMBER))
		return true;
	for (size_t i = 0; i < sp->n_cols; i++)
		if (is_personal_field(c, sp->cols[i]->code))
			return true;
	return false;
}

/* The stated reason: header X-Daicho-Reason or parameter "reason"; "" when none or not
 * acceptable (rules/downloads.h: 4 to 500 characters, no control characters). */
static const char *stated_reason(struct req *r)
{
	const char *v = req_header(r, "X-Daicho-Reason");
	if (v == NULL || *v == '\0') {
		json_t *p = json_object_get(r->params, "reason");
		v = json_is_string(p) ? json_string_value(p) : NULL;
	}
	if (v == NULL)
		return "";
	char *out = arena_alloc(r->arena, DL_REASON_MAX * 4 + 8);
	return dl_reason_decode(v, out, DL_REASON_MAX * 4 + 8) == 0 ? out : "";
}

/* Adds uid to ids (of *n) unless there, 0 or the requester. */
static void add_approver(int64_t *ids, size_t *n, int64_t uid, int64_t requester)
{
	if (uid <= 0 || uid == requester || *n == APPROVERS_MAX)
		return;
	for (size_t i = 0; i < *n; i++)
		if (ids[i] == uid)
			return;
	ids[(*n)++] = uid;
}

/*
 * Whom to ask: the requester's section and department heads and their section's
 * protection managers; when there are none, the people named in the app's permissions
 * with the export right; when there are none either, the system administrators.
 */
static int approvers_of(struct req *r, const struct app_ctx *c, int64_t *ids, size_t *n)
{
	struct store *st = store_thread();
	int64_t head, dept, section, *pm = NULL;
	size_t npm = 0;
	int64_t me = r->who.user_id;
	*n = 0;
	if (store_org_heads_of(st, me, &head, &dept, &r->err) != 0 ||
	    store_dl_user_section(st, me, &section, &r->err) != 0)
		return -1;
	if (section > 0 && store_org_protection_managers(st, r->arena, section, &pm, &npm, &r->err) != 0)
		return -1;
	add_approver(ids, n, head, me);
	add_approver(ids, n, dept, me);
	for (size_t i = 0; i < npm; i++)
		add_approver(ids, n, pm[i], me);
	for (size_t i = 0; *n == 0 && i < c->n_acl; i++) {
		/* Only named users: "everyone" would send it to the whole city. */
		if (c->acl[i].type != ACL_USER || !(c->acl[i].rights & RIGHT_EXPORT))
			continue;
		struct user u;
		struct err ignore;
		err_init(&ignore, r->arena);
		if (store_user_by_code(st, r->arena, c->acl[i].code, &u, &ignore) == 0 && u.active)
			add_approver(ids, n, u.id, me);
	}
	if (*n == 0) {
		int64_t *admins;
		size_t na;
		if (store_users_with_roles(st, r->arena, ROLE_SYSTEM_ADMIN, &admins, &na, &r->err) != 0)
			return -1;
		for (size_t i = 0; i < na; i++)
			add_approver(ids, n, admins[i], me);
	}
	return 0;
}

/* The class label of a rank ("" when unclassified), in the arena. */
static const char *class_label(struct req *r, int rank)
{
	char buf[32] = "";
	if (rank <= 0)
		return "";
	classes_label(rank, buf, sizeof buf);
	return arena_strdup(r->arena, buf);
}

/* Stores a held export, asks the approvers and answers 202 with its id. */
static int hold(struct req *r, struct res *s, const struct spec *sp, const char *reason,
		int64_t count, int64_t threshold)
{
	struct store *st = store_thread();
	const struct app_ctx *c = r->app;
	const struct schema *sc = c->schema;
	struct export_row x = {0};
	struct app_row app;
	int64_t to[APPROVERS_MAX];
	size_t nto;
	/* The newest record now: records added while the export waits are left out. */
	bool *none = arena_alloc(r->arena, (sc->n_fields + 1) * sizeof *none);
	struct rec_query newest = {NULL, NULL, 0, NULL, 1, 0};
	struct rec_row *rows;
	size_t n;
	if (store_records_select(st, r->arena, sc, &newest, none, &rows, &n, &r->err) != 0 ||
	    store_app_get(st, r->arena, c->id, &app, &r->err) != 0 || approvers_of(r, c, to, &nto) != 0)
		return -1;
	x.app_id = c->id;
	x.app_name = app.name;
	x.user_id = r->who.user_id;
	x.requested_at = r->now;
	x.request_id = r->request_id;
	x.info_class = c->info_class;
	x.personal = true;
	x.count = count;
	x.reason = reason;
	x.format = spec_format(r, sp);
	x.max_record_id = n ? rows[0].id : 0;
	x.status = EXPORT_PENDING;

	struct buf cols;
	buf_init(&cols, 0);
	for (size_t i = 0; i < sp->n_cols; i++)
		buf_printf(&cols, "%s%s", i ? ", " : "", sp->cols[i]->label);
	const char *fields = arena_strdup(r->arena, buf_str(&cols));
	buf_free(&cols);
	const char *who = r->who.user_name ? r->who.user_name : "";
	const char *code = r->who.user_code ? r->who.user_code : "";
	const char *label = class_label(r, c->info_class);
	int64_t id;
	if (store_begin(st, &r->err) != 0)
		return -1;
	if (store_export_add(st, &x, &id, &r->err) != 0)
		goto fail;
	char *ja = arena_printf(r->arena, "書き出しの承認: %s（%s）がアプリ「%s」のレコード %lld 件の書き出しを申請しました",
				who, code, app.name, (long long)count);
	char *en = arena_printf(r->arena, "Export approval: %s (%s) asks to export %lld records of app \"%s\"",
				who, code, (long long)count, app.name);
	json_t *d = json_pack("{s:{s:s,s:s},s:I,s:{s:s,s:s,s:s,s:s,s:I,s:I,s:s,s:s,s:s},s:s,s:["
			      "{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b},s:b},"
			      "{s:{s:s,s:s},s:s,s:s,s:{s:I,s:b}}]}",
			      "subject", "ja", ja, "en", en, "exportId", (json_int_t)id,
			      "checklist", "appName", app.name, "infoClass", label, "user", code,
			      "userName", who, "count", (json_int_t)count, "threshold", (json_int_t)threshold,
			      "fields", fields, "query", sp->query, "reason", reason,
			      "requestId", r->request_id, "actions",
			      "label", "ja", "確認して承認", "en", "Checked: approve", "method", "POST",
			      "path", "/api/export/decide.json", "body", "id", (json_int_t)id, "approve", 1,
			      "needsChecklist", 1,
			      "label", "ja", "却下", "en", "Refuse", "method", "POST",
			      "path", "/api/export/decide.json", "body", "id", (json_int_t)id, "approve", 0);
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	int rc = 0;
	for (size_t i = 0; i < nto && rc == 0; i++)
		rc = store_inbox_add(st, to[i], "export.approval", id, ja, detail, r->now, &r->err);
	free(detail);
	if (rc != 0 || store_commit(st, &r->err) != 0)
		goto fail;
	if (nto == 0)
		log_warn("export %lld: held, but nobody to approve it", (long long)id);
	s->status = 202;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", id);
	jsonw_kstr(&s->w, "status", EXPORT_PENDING);
	jsonw_kint_str(&s->w, "count", count);
	jsonw_kint_str(&s->w, "threshold", threshold);
	jsonw_kint_str(&s->w, "approvers", (long long)nto);
	jsonw_obj_end(&s->w);
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int h_export_csv(struct req *r, struct res *s)
{
	struct spec sp;
	const struct app_ctx *c = r->app;
	const struct schema *sc = c->schema;
	if (spec_parse(r, r->params, sc, &sp) != 0)
		return -1;
	int64_t total;
	if (store_records_count(store_thread(), sc, sp.plan.where, sp.plan.params, sp.plan.n_params,
				&total, &r->err) != 0)
		return -1;
	if (total > EXPORT_MAX)
		return err_field(&r->err, "query", FM_TOO_MANY, "100000");
	bool rules = policy_bool("export.rules");
	const char *reason = stated_reason(r);
	int64_t threshold = 0;
	bool personal = exports_personal(c, &sp);
	if (rules && threshold_of(r, c->id, &threshold) != 0)
		return -1;
	struct export_input in = {rules, c->info_class, personal, total, threshold, *reason != '\0'};
	switch (export_decide(&in)) {
	case EXPORT_NEED_REASON:
		return err_set(&r->err, E_EX_REASON, NULL);
	case EXPORT_HOLD:
		return hold(r, s, &sp, reason, total, threshold);
	case EXPORT_ALLOW:
		break;
	}
	const char *wm = rules ? watermark_now(r) : NULL;
	int64_t written;
	if (write_csv(r, s, sc, &sp, total, 0, wm, &written) != 0)
		return -1;
	file_name(r, s, sc->app_id, rules);
	if (wm) {
		char when[24];
		time_fmt_utc(r->now, when);
		res_header(s, "X-Daicho-Exported-By", header_text(r, arena_printf(r->arena, "%s %s %s",
						r->who.user_code ? r->who.user_code : "", when, r->request_id)));
	}
	struct pending *p = arena_alloc(r->arena, sizeof *p);
	struct app_row app;
	struct err ignore;
	err_init(&ignore, r->arena);
	memset(p, 0, sizeof *p);
	p->row.app_id = c->id;
	p->row.app_name = store_app_get(store_thread(), r->arena, c->id, &app, &ignore) == 0 ? app.name : "";
	p->row.user_id = r->who.user_id;
	p->row.requested_at = r->now;
	p->row.request_id = r->request_id;
	p->row.info_class = c->info_class;
	p->row.personal = personal;
	p->row.count = written;
	p->row.reason = reason;
	p->row.format = spec_format(r, &sp);
	p->row.status = EXPORT_DONE;
	p->row.watermark = wm ? wm : "";
	r->after_ctx = p;
	r->after_gates = record_sent;
	return 0;
}

/* The state of a held export for the requester now ("" when it may be downloaded). */
static const char *release_state(struct req *r, const struct export_row *x)
{
	bool en = r->lang == LANG_EN;
	if (strcmp(x->status, EXPORT_PENDING) == 0)
		return en ? "waiting for approval" : "承認待ち";
	if (strcmp(x->status, EXPORT_REFUSED) == 0)
		return en ? "refused" : "却下";
	if (strcmp(x->status, EXPORT_DOWNLOADED) == 0)
		return en ? "already downloaded" : "ダウンロード済み";
	if (strcmp(x->status, EXPORT_APPROVED) != 0)
		return en ? "not a held export" : "承認が必要な書き出しではありません";
	if (x->expires_at < r->now)
		return en ? "the release expired" : "ダウンロード期限切れ";
	return "";
}

int h_export_download(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id;
	struct export_row x;
	if (param_id(r, r->params, "id", &id) != 0 || store_export_get(st, r->arena, id, &x, &r->err) != 0)
		return -1;
	audit_app(r, x.app_id);
	if (x.user_id != r->who.user_id)
		return err_set(&r->err, E_NO_PERMISSION, NULL);
	const char *state = release_state(r, &x);
	if (*state)
		return err_set(&r->err, E_EX_NOT_RELEASED, "%s", state);
	const struct app_ctx *c;
	if (appctx_get(r, x.app_id, &c) != 0 || dispatch_require_usable(r, c, RIGHT_VIEW | RIGHT_EXPORT) != 0)
		return -1;
	r->app = c;
	json_error_t je;
	json_t *format = json_loads(x.format, 0, &je);
	if (!json_is_object(format)) {
		json_decref(format);
		return err_set(&r->err, E_INTERNAL, NULL);
	}
	struct spec sp;
	int64_t total, written;
	int rc = spec_parse(r, format, c->schema, &sp);
	if (rc == 0)
		rc = store_records_count(st, c->schema, sp.plan.where, sp.plan.params, sp.plan.n_params,
					 &total, &r->err);
	const char *wm = watermark_now(r);
	if (rc == 0)
		rc = write_csv(r, s, c->schema, &sp, total, x.max_record_id, wm, &written);
	json_decref(format);	/* sp borrowed from it: not used past here */
	if (rc != 0)
		return -1;
	file_name(r, s, x.app_id, true);
	char when[24];
	time_fmt_utc(r->now, when);
	res_header(s, "X-Daicho-Exported-By", header_text(r, arena_printf(r->arena, "%s %s %s",
					r->who.user_code ? r->who.user_code : "", when, r->request_id)));
	struct pending *p = arena_alloc(r->arena, sizeof *p);
	memset(p, 0, sizeof *p);
	p->release_id = id;
	p->row.watermark = wm;
	r->after_ctx = p;
	r->after_gates = record_sent;
	return 0;
}

/* True when the caller may decide held export x. */
static int may_decide(struct req *r, const struct export_row *x, bool *ok)
{
	struct store *st = store_thread();
	struct export_approver a = {r->who.user_id, x->user_id, 0, 0, false, false};
	int64_t section, *pm;
	size_t npm = 0;
	if (store_org_heads_of(st, x->user_id, &a.section_head, &a.department_head, &r->err) != 0 ||
	    store_dl_user_section(st, x->user_id, &section, &r->err) != 0)
		return -1;
	if (section > 0 && store_org_protection_managers(st, r->arena, section, &pm, &npm, &r->err) != 0)
		return -1;
	for (size_t i = 0; i < npm; i++)
		if (pm[i] == r->who.user_id)
			a.protection_manager = true;
	const struct app_ctx *c;
	struct err keep = r->err;
	if (appctx_get(r, x->app_id, &c) == 0)
		a.export_right = (appctx_rights(c, &r->who) & RIGHT_EXPORT) != 0;
	r->err = keep;	/* an app gone since: only the heads decide */
	*ok = export_may_approve(&a);
	return 0;
}

int h_export_decide(struct req *r, struct res *s)
{
	struct store *st = store_thread();
	int64_t id;
	bool approve, ok, changed;
	const char *comment;
	struct export_row x;
	if (param_decision(r, &id, &approve, &comment) != 0)
		return -1;
	if (store_export_get(st, r->arena, id, &x, &r->err) != 0)
		return -1;
	audit_app(r, x.app_id);
	if (may_decide(r, &x, &ok) != 0)
		return -1;
	if (!ok)
		return err_set(&r->err, E_EX_APPROVER, NULL);
	int64_t hours = policy_int("export.release_hours");
	int64_t expires = approve ? r->now + (hours > 0 ? hours : 24) * 3600 : 0;
	if (store_export_decide(st, id, approve ? EXPORT_APPROVED : EXPORT_REFUSED, r->who.user_id,
				comment, r->now, expires, &changed, &r->err) != 0)
		return -1;
	if (!changed)
		return err_set(&r->err, E_EX_DECIDED, "%s", x.status);
	if (store_inbox_done_ref(st, "export.approval", id, r->now, &r->err) != 0)
		return -1;
	const char *who = r->who.user_name ? r->who.user_name : "";
	char *ja = approve
		? arena_printf(r->arena, "書き出しが承認されました（%s、%lld 件）。「マイ書き出し」から %lld 時間以内に一度だけダウンロードできます",
			       x.app_name, (long long)x.count, (long long)hours)
		: arena_printf(r->arena, "書き出しが却下されました（%s、%lld 件）", x.app_name, (long long)x.count);
	char *en = approve
		? arena_printf(r->arena, "Your export was approved (%s, %lld records). Download it once from \"My exports\" within %lld hours",
			       x.app_name, (long long)x.count, (long long)hours)
		: arena_printf(r->arena, "Your export was refused (%s, %lld records)", x.app_name, (long long)x.count);
	json_t *d = json_pack("{s:{s:s,s:s},s:I,s:s,s:s,s:s}", "subject", "ja", ja, "en", en,
			      "exportId", (json_int_t)id, "decidedBy", who, "comment", comment,
			      "link", "/exports");
	char *detail = d ? json_dumps(d, JSON_COMPACT) : NULL;
	json_decref(d);
	int rc = store_inbox_add(st, x.user_id, approve ? "export.released" : "export.refused", id, ja,
				 detail, r->now, &r->err);
	free(detail);
	if (rc != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "id", id);
	jsonw_kstr(&s->w, "status", approve ? EXPORT_APPROVED : EXPORT_REFUSED);
	if (approve) {
		char at[24];
		time_fmt_utc(expires, at);
		jsonw_kstr(&s->w, "expiresAt", at);
	}
	jsonw_obj_end(&s->w);
	return 0;
}

/* Writes a time as ISO text, or null when 0. */
static void time_or_null(struct jsonw *w, const char *key, int64_t t)
{
	char at[24];
	if (t <= 0) {
		jsonw_knull(w, key);
		return;
	}
	time_fmt_utc(t, at);
	jsonw_kstr(w, key, at);
}

/* Writes the history rows as {"exports": [...]}. */
static void history_out(struct req *r, struct res *s, const struct export_row *x, size_t n)
{
	jsonw_obj(&s->w);
	jsonw_key(&s->w, "exports");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		const struct export_row *e = &x[i];
		bool expired = strcmp(e->status, EXPORT_APPROVED) == 0 && e->expires_at < r->now;
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", e->id);
		jsonw_kint_str(&s->w, "app", e->app_id);
		jsonw_kstr(&s->w, "appName", e->app_name);
		jsonw_kstr(&s->w, "user", e->user_code);
		jsonw_kstr(&s->w, "userName", e->user_name);
		time_or_null(&s->w, "at", e->requested_at);
		jsonw_kstr(&s->w, "requestId", e->request_id);
		jsonw_kstr(&s->w, "infoClass", class_label(r, e->info_class));
		jsonw_kbool(&s->w, "personal", e->personal);
		jsonw_kint_str(&s->w, "count", e->count);
		jsonw_kstr(&s->w, "reason", e->reason);
		jsonw_kstr(&s->w, "status", expired ? "expired" : e->status);
		jsonw_kstr(&s->w, "approver", e->approver_code);
		jsonw_kstr(&s->w, "approverName", e->approver_name);
		time_or_null(&s->w, "decidedAt", e->decided_at);
		jsonw_kstr(&s->w, "comment", e->comment);
		time_or_null(&s->w, "expiresAt", e->expires_at);
		time_or_null(&s->w, "downloadedAt", e->downloaded_at);
		jsonw_kstr(&s->w, "watermark", e->watermark);
		jsonw_key(&s->w, "format");
		jsonw_raw(&s->w, e->format, strlen(e->format));
		jsonw_kbool(&s->w, "downloadable", !expired && strcmp(e->status, EXPORT_APPROVED) == 0 &&
						     e->user_id == r->who.user_id);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
}

/* Paging parameters of the history lists. */
static int paging(struct req *r, int64_t *before, int64_t *limit)
{
	if (param_int(r, r->params, "before", 0, before) != 0 ||
	    param_int(r, r->params, "limit", 100, limit) != 0)
		return -1;
	if (*limit < 1 || *limit > 1000)
		return err_field(&r->err, "limit", FM_INVALID, NULL);
	return 0;
}

int h_export_history(struct req *r, struct res *s)
{
	int64_t app = 0, before, limit;
	if (paging(r, &before, &limit) != 0)
		return -1;
	if (json_object_get(r->params, "app") && param_id(r, r->params, "app", &app) != 0)
		return -1;
	bool overseer = r->who.admin ||
			(r->who.roles & (ROLE_AUDITOR | ROLE_SECURITY_ADMIN | ROLE_CHIEF_PROTECTION));
	if (app > 0)
		audit_app(r, app);
	if (!overseer) {
		/* App managers see their app's history. */
		const struct app_ctx *c;
		if (app <= 0)
			return err_set(&r->err, E_NO_PERMISSION, NULL);
		if (appctx_get(r, app, &c) != 0 || dispatch_require(r, c, RIGHT_MANAGE) != 0)
			return -1;
	}
	struct export_row *x;
	size_t n;
	if (store_exports_list(store_thread(), r->arena, app, 0, before, (int)limit, &x, &n, &r->err) != 0)
		return -1;
	history_out(r, s, x, n);
	return 0;
}

int h_export_mine(struct req *r, struct res *s)
{
	int64_t before, limit;
	struct export_row *x;
	size_t n;
	if (paging(r, &before, &limit) != 0 ||
	    store_exports_list(store_thread(), r->arena, 0, r->who.user_id, before, (int)limit, &x, &n,
			       &r->err) != 0)
		return -1;
	history_out(r, s, x, n);
	return 0;
}

int h_export_rules(struct req *r, struct res *s)
{
	const struct app_ctx *c = r->app;
	bool rules = policy_bool("export.rules");
	int64_t threshold = 0;
	if (threshold_of(r, c->id, &threshold) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "rules", rules);
	jsonw_kstr(&s->w, "infoClass", class_label(r, c->info_class));
	jsonw_kbool(&s->w, "reasonRequired", rules && c->info_class == 1);
	jsonw_kbool(&s->w, "personalApp",
		    (c->app_flags & (APP_FLAG_PERSONAL | APP_FLAG_SENSITIVE | APP_FLAG_MYNUMBER)) != 0);
	jsonw_key(&s->w, "personalFields");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < c->n_personal_fields; i++)
		jsonw_str(&s->w, c->personal_fields[i]);
	jsonw_arr_end(&s->w);
	jsonw_kint_str(&s->w, "approvalThreshold", rules ? threshold : 0);
	jsonw_kint_str(&s->w, "releaseHours", policy_int("export.release_hours"));
	jsonw_obj_end(&s->w);
	return 0;
}

int h_export_settings_put(struct req *r, struct res *s)
{
	int64_t app, threshold = 0;
	if (param_id(r, r->params, "app", &app) != 0)
		return -1;
	json_t *t = json_object_get(r->params, "threshold");
	bool has = t != NULL && !json_is_null(t) && !(json_is_string(t) && *json_string_value(t) == '\0');
	if (has && (param_int(r, r->params, "threshold", 0, &threshold) != 0))
		return -1;
	if (has && (threshold < 0 || threshold > 100000000))
		return err_field(&r->err, "threshold", FM_INVALID, NULL);
	audit_app(r, app);
	struct app_row row;
	if (store_app_get(store_thread(), r->arena, app, &row, &r->err) != 0 ||
	    store_export_threshold_set(store_thread(), app, has, threshold, r->who.user_code, r->now,
				       &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "app", app);
	if (has)
		jsonw_kint_str(&s->w, "approvalThreshold", threshold);
	else
		jsonw_knull(&s->w, "approvalThreshold");
	jsonw_obj_end(&s->w);
	return 0;
}
