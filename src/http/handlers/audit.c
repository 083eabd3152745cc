/*
 * audit: the auditor's view of the access log (Kuki 第19条): search with filters and
 * paging (JSON and CSV), the chain's verification, the signed checkpoints and the daily
 * analysis. Auditors and security administrators only (routes.c); reading never changes
 * the log, and each of these reads is itself logged.
 */
#include "http/handlers/handlers.h"
#include "audit/seal.h"
#include "audit/verify.h"
#include "export/csv.h"
#include "http/params.h"
#include "store/audit.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

enum { LIMIT_MAX = 500, OFFSET_MAX = 1000000, CSV_MAX = 100000, CSV_PAGE = 1000 };

/* A day (YYYY-MM-DD) or a UTC time (YYYY-MM-DDTHH:MM[:SS[.mmm]]Z?) -> comparable text. */
static bool valid_time(const char *s)
{
	size_t n = strlen(s);
	if (n < 10 || n > 24 || s[4] != '-' || s[7] != '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || c == '-' || c == ':' || c == '.' || c == 'T' || c == 'Z'))
			return false;
	}
	return n == 10 || s[10] == 'T';
}

/* Reads the filters; -1 with r->err on a bad one. */
static int read_filter(struct req *r, struct log_filter *f)
{
	memset(f, 0, sizeof *f);
	if (param_str(r, r->params, "from", NULL, &f->from) != 0 ||
	    param_str(r, r->params, "to", NULL, &f->to) != 0 ||
	    param_str(r, r->params, "user", NULL, &f->user) != 0 ||
	    param_int(r, r->params, "app", 0, &f->app_id) != 0 ||
	    param_str(r, r->params, "action", NULL, &f->action) != 0 ||
	    param_str(r, r->params, "result", NULL, &f->result) != 0)
		return -1;
	if (f->from && *f->from && !valid_time(f->from))
		return err_set(&r->err, E_AUDIT_FILTER, "from");
	if (f->to && *f->to && !valid_time(f->to))
		return err_set(&r->err, E_AUDIT_FILTER, "to");
	if (f->result && *f->result && strcmp(f->result, "ok") && strcmp(f->result, "denied") &&
	    strcmp(f->result, "failed"))
		return err_set(&r->err, E_AUDIT_FILTER, "result");
	if (f->app_id < 0)
		return err_set(&r->err, E_AUDIT_FILTER, "app");
	/* "to" as a day means up to the end of that day. */
	if (f->to && strlen(f->to) == 10)
		f->to = arena_printf(r->arena, "%sT99", f->to);
	return 0;
}

/* A stored list of record ids as JSON, or [] when it is not one (a damaged journal line). */
static bool ids_json(const char *s)
{
	if (s == NULL || *s != '[')
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || *s == ',' || *s == '[' || *s == ']'))
			return false;
	return true;
}

/*
 * A text cell that a spreadsheet would run as a formula (a refused sign-in keeps the
 * login that was tried, which anyone can choose) gets a leading apostrophe.
 */
static const char *cell_text(struct req *r, const char *v)
{
	if (v && (*v == '=' || *v == '+' || *v == '-' || *v == '@' || *v == '\t' || *v == '\r'))
		return arena_printf(r->arena, "'%s", v);
	return v ? v : "";
}

static void entry_json(struct jsonw *w, const struct log_row *x)
{
	jsonw_obj(w);
	jsonw_kint_str(w, "id", x->id);
	jsonw_kstr(w, "at", x->l.at);
	jsonw_kstr(w, "user", x->l.user_code);
	jsonw_kstr(w, "auth", x->l.auth);
	if (x->l.token_id > 0)
		jsonw_kint_str(w, "token", x->l.token_id);
	else
		jsonw_knull(w, "token");
	if (x->l.app_id > 0)
		jsonw_kint_str(w, "app", x->l.app_id);
	else
		jsonw_knull(w, "app");
	jsonw_kstr(w, "action", x->l.action);
	jsonw_key(w, "records");
	if (ids_json(x->l.record_ids))
		jsonw_raw(w, x->l.record_ids, strlen(x->l.record_ids));
	else
		jsonw_raw(w, "[]", 2);
	jsonw_kstr(w, "result", x->l.result);
	jsonw_key(w, "status");
	jsonw_int(w, x->l.status);
	jsonw_kstr(w, "code", x->l.code);
	jsonw_kstr(w, "client", x->l.client);
	jsonw_kstr(w, "requestId", x->l.request_id);
	jsonw_kstr(w, "hash", x->hash ? x->hash : "");
	jsonw_obj_end(w);
}

int h_audit_log_get(struct req *r, struct res *s)
{
	struct log_filter f;
	int64_t limit, offset, total;
	struct log_row *rows;
	size_t n;
	if (read_filter(r, &f) != 0 || param_int(r, r->params, "limit", 100, &limit) != 0 ||
	    param_int(r, r->params, "offset", 0, &offset) != 0)
		return -1;
	if (limit < 1 || limit > LIMIT_MAX)
		return err_set(&r->err, E_AUDIT_FILTER, "limit");
	if (offset < 0 || offset > OFFSET_MAX)
		return err_set(&r->err, E_AUDIT_FILTER, "offset");
	if (store_log_search(store_thread(), r->arena, &f, offset, limit, &rows, &n, &total, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kint_str(&s->w, "totalCount", total);
	jsonw_key(&s->w, "entries");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++)
		entry_json(&s->w, &rows[i]);
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_audit_log_csv(struct req *r, struct res *s)
{
	struct log_filter f;
	struct csv_out out;
	struct store *st = store_thread();
	static const char *const head[] = {"id", "at", "user", "auth", "token", "app", "action",
					   "records", "result", "status", "code", "client",
					   "request_id", "hash"};
	if (read_filter(r, &f) != 0)
		return -1;
	if (csv_begin(&out, &s->body, CSV_UTF8_BOM) != 0)
		return err_set(&r->err, E_INTERNAL, NULL);
	for (size_t i = 0; i < sizeof head / sizeof head[0]; i++)
		csv_cell(&out, head[i]);
	csv_row_end(&out);
	for (int64_t off = 0; off < CSV_MAX; off += CSV_PAGE) {
		struct arena page;
		struct log_row *rows;
		size_t n;
		int64_t total;
		arena_init(&page, 0);
		if (store_log_search(st, &page, &f, off, CSV_PAGE, &rows, &n, &total, &r->err) != 0) {
			arena_destroy(&page);
			csv_end(&out);
			return -1;
		}
		for (size_t k = 0; k < n; k++) {
			const struct log_row *x = &rows[k];
			char num[4][24];
			snprintf(num[0], sizeof num[0], "%lld", (long long)x->id);
			snprintf(num[1], sizeof num[1], "%lld", (long long)x->l.token_id);
			snprintf(num[2], sizeof num[2], "%lld", (long long)x->l.app_id);
			snprintf(num[3], sizeof num[3], "%d", x->l.status);
			const char *cells[] = {num[0], cell_text(r, x->l.at), cell_text(r, x->l.user_code),
					       cell_text(r, x->l.auth), x->l.token_id ? num[1] : "",
					       x->l.app_id ? num[2] : "", cell_text(r, x->l.action),
					       cell_text(r, x->l.record_ids), cell_text(r, x->l.result), num[3],
					       cell_text(r, x->l.code), cell_text(r, x->l.client),
					       cell_text(r, x->l.request_id), x->hash ? x->hash : ""};
			for (size_t i = 0; i < sizeof cells / sizeof cells[0]; i++)
				csv_cell(&out, cells[i]);
			csv_row_end(&out);
		}
		arena_destroy(&page);
		if (n < CSV_PAGE)
			break;
	}
	csv_end(&out);
	char name[96], when[16];
	struct tm lt;
	localtime_r(&r->now, &lt);
	strftime(when, sizeof when, "%Y%m%d-%H%M", &lt);
	snprintf(name, sizeof name, "attachment; filename=\"accesslog-%s.csv\"", when);
	s->content_type = "text/csv; charset=utf-8";
	res_header(s, "Content-Disposition", arena_strdup(r->arena, name));
	return 0;
}

int h_audit_verify(struct req *r, struct res *s)
{
	struct verify_report v;
	if (verify_log(store_thread(), NULL, seal_public_hex(), &v, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kbool(&s->w, "ok", v.n == 0);
	jsonw_kint_str(&s->w, "entries", v.entries);
	jsonw_kint_str(&s->w, "firstId", v.first_id);
	jsonw_kint_str(&s->w, "lastId", v.last_id);
	jsonw_kint_str(&s->w, "anchorId", v.anchor.entry_id);
	jsonw_kint_str(&s->w, "checkpoints", v.checkpoints);
	jsonw_kstr(&s->w, "publicKey", seal_public_hex() ? seal_public_hex() : "");
	jsonw_key(&s->w, "problems");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < v.n; i++) {
		struct buf d;
		buf_init(&d, 0);
		verify_describe(&v.problems[i], &d);
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "kind", verify_kind_name(v.problems[i].kind));
		jsonw_kint_str(&s->w, "entryId", v.problems[i].entry_id);
		jsonw_kint_str(&s->w, "otherId", v.problems[i].other_id);
		jsonw_kint_str(&s->w, "checkpointId", v.problems[i].checkpoint_id);
		jsonw_kstr(&s->w, "message", buf_str(&d));
		jsonw_obj_end(&s->w);
		buf_free(&d);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_audit_checkpoints(struct req *r, struct res *s)
{
	struct audit_checkpoint *c;
	size_t n;
	if (store_checkpoint_list(store_thread(), r->arena, 100, &c, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "publicKey", seal_public_hex() ? seal_public_hex() : "");
	jsonw_key(&s->w, "checkpoints");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kint_str(&s->w, "id", c[i].id);
		jsonw_kint_str(&s->w, "entryId", c[i].entry_id);
		jsonw_kstr(&s->w, "hash", c[i].hash);
		jsonw_kint_str(&s->w, "count", c[i].count);
		jsonw_kstr(&s->w, "at", c[i].at);
		jsonw_kstr(&s->w, "reason", c[i].reason);
		jsonw_kstr(&s->w, "publicKey", c[i].public_key);
		jsonw_kstr(&s->w, "signature", c[i].signature);
		jsonw_kbool(&s->w, "signatureValid", seal_check(&c[i]));
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}

int h_audit_report(struct req *r, struct res *s)
{
	time_t tf, tt;
	char day_from[40], day_to[40];
	if (param_period(r, &tf, &tt) != 0)
		return -1;
	struct tm a, b;
	time_t end = tt + 86400;	/* to is inclusive */
	gmtime_r(&tf, &a);
	gmtime_r(&end, &b);
	strftime(day_from, sizeof day_from, "%Y-%m-%d", &a);
	strftime(day_to, sizeof day_to, "%Y-%m-%d", &b);
	struct log_day *days;
	size_t n;
	if (store_log_report(store_thread(), r->arena, day_from, day_to, &days, &n, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "from", day_from);
	gmtime_r(&tt, &b);
	strftime(day_to, sizeof day_to, "%Y-%m-%d", &b);
	jsonw_kstr(&s->w, "to", day_to);
	jsonw_key(&s->w, "days");
	jsonw_arr(&s->w);
	for (size_t i = 0; i < n; i++) {
		jsonw_obj(&s->w);
		jsonw_kstr(&s->w, "day", days[i].day);
		jsonw_kint_str(&s->w, "entries", days[i].entries);
		jsonw_kint_str(&s->w, "refusals", days[i].refusals);
		jsonw_kint_str(&s->w, "offHours", days[i].off_hours);
		jsonw_kint_str(&s->w, "unusualReads", days[i].unusual_reads);
		jsonw_kint_str(&s->w, "bulkReads", days[i].bulk_reads);
		jsonw_kint_str(&s->w, "adminActions", days[i].admin_actions);
		jsonw_obj_end(&s->w);
	}
	jsonw_arr_end(&s->w);
	jsonw_obj_end(&s->w);
	return 0;
}
