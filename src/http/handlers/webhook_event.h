/*
 * webhook_event: turning a record write into queued webhook deliveries (RULES.md row 12,
 * Abiko §10). Runs inside the write's transaction, so a delivery is queued exactly when
 * the write commits; hooks/deliver.c sends it later. The body is kintone's webhook
 * notification: {id, type, app {id, name}, record, recordTitle, url} for ADD_RECORD and
 * UPDATE_RECORD, {id, type, app, recordId, deleteBy {code, name}, deleteAt, url} for
 * DELETE_RECORD, {id, type, app, comment {id, text, createdAt, creator, mentions},
 * recordId, recordTitle, url} for ADD_RECORD_COMMENT.
 */
#ifndef DAICHO_HTTP_HANDLERS_WEBHOOK_EVENT_H
#define DAICHO_HTTP_HANDLERS_WEBHOOK_EVENT_H

#include "http/handlers/record_write.h"

/*
 * Queues a delivery to every active, enabled webhook of the write's app that is sent
 * for event (HOOK_EV_ADD, HOOK_EV_EDIT: record id after the write; HOOK_EV_DELETE: the
 * id just deleted). Nothing is read when the app has no such webhook.
 */
int webhook_event(struct write_ctx *w, unsigned event, int64_t id);
/*
 * The same for a comment just posted on record_id: comment_id, its text, its time (UTC
 * text) and its mentions as a JSON array text.
 */
int webhook_comment_event(struct write_ctx *w, int64_t record_id, int64_t comment_id,
			  const char *text, const char *created_at, const char *mentions);

#endif
