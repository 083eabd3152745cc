/* req: helpers of daicho's request and response types (see req.h). */
#include "http/req.h"
#include "core/strutil.h"

#include <string.h>
#include <unistd.h>

const char *req_header(const struct req *r, const char *name)
{
	for (size_t i = 0; i < r->n_headers; i++)
		if (str_ieq(r->headers[i].name, name))
			return r->headers[i].value;
	return NULL;
}

void res_init(struct res *s)
{
	memset(s, 0, sizeof *s);
	s->status = 200;
	s->content_type = "application/json; charset=utf-8";
	buf_init(&s->body, 0);
	jsonw_init(&s->w, &s->body);
	s->fd = -1;
}

void res_free(struct res *s)
{
	buf_free(&s->body);
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

void res_header(struct res *s, const char *name, const char *value)
{
	for (int i = 0; i < s->n_headers; i++)
		if (strcmp(s->headers[i].name, name) == 0) {
			s->headers[i].value = value;
			return;
		}
	if (s->n_headers < (int)(sizeof s->headers / sizeof s->headers[0]))
		s->headers[s->n_headers++] = (struct kv){name, value};
}

void audit_begin(struct req *r, const char *action, int64_t app_id)
{
	if (action == NULL) {
		r->cur_audit = NULL;
		return;
	}
	if (r->n_audit >= AUDIT_MAX_ENTRIES) {
		r->cur_audit = &r->audit[AUDIT_MAX_ENTRIES - 1];
		return;
	}
	struct audit_entry *a = &r->audit[r->n_audit++];
	memset(a, 0, sizeof *a);
	a->action = action;
	a->app_id = app_id;
	r->cur_audit = a;
}

void audit_app(struct req *r, int64_t app_id)
{
	if (r->cur_audit)
		r->cur_audit->app_id = app_id;
}

void audit_id(struct req *r, int64_t id)
{
	struct audit_entry *a = r->cur_audit;
	if (a == NULL)
		return;
	a->ids = arena_room(r->arena, a->ids, a->n_ids, &a->cap_ids, sizeof *a->ids);
	a->ids[a->n_ids++] = id;
}
