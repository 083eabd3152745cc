/* accesslog: building access-log entries (see accesslog.h). */
#include "audit/accesslog.h"
#include "audit/journal.h"
#include "audit/chain.h"
#include "core/buf.h"
#include "store/misc.h"

#include <stdio.h>

int accesslog_append(struct store *st, const struct accesslog_meta *m, const char *action,
		     int64_t app_id, const int64_t *ids, size_t n_ids, const char *result,
		     int status, const char *code, struct err *e)
{
	char at[40];
	struct tm tm;
	struct buf list;
	gmtime_r(&m->at.tv_sec, &tm);
	snprintf(at, sizeof at, "%04d-%02d-%02dT%02d:%02d:%02d.%03ldZ", (tm.tm_year + 1900) % 10000,
		 (tm.tm_mon + 1) % 100, tm.tm_mday % 100, tm.tm_hour % 100, tm.tm_min % 100,
		 tm.tm_sec % 100, (m->at.tv_nsec / 1000000) % 1000);
	buf_init(&list, 0);
	buf_putc(&list, '[');
	for (size_t i = 0; i < n_ids; i++) {
		if (i)
			buf_putc(&list, ',');
		buf_int(&list, ids[i]);
	}
	buf_putc(&list, ']');
	const struct identity *who = m->who;
	int64_t token_id = 0;
	for (int i = 0; who->kind == AK_TOKEN && i < who->n_tokens; i++)
		if (who->tokens[i].app_id == app_id || token_id == 0)
			token_id = who->tokens[i].token_id;
	struct log_entry l = {
		.at = at,
		.user_id = who->kind != AK_NONE ? who->user_id : 0,
		/* A refused sign-in keeps the login that was tried. */
		.user_code = who->user_code ? who->user_code : "",
		.auth = identity_kind_name(who->kind),
		.token_id = token_id,
		.app_id = app_id,
		.action = action,
		.record_ids = buf_str(&list),
		.result = result,
		.status = status,
		.code = code,
		.client = m->client,
		.request_id = m->request_id,
	};
	int rc = st ? chain_append(st, &l, e) : journal_append(&l, e);
	buf_free(&list);
	return rc;
}
