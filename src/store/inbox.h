/*
 * store/inbox: what the rules route to a person (approvals to give, alerts to read).
 * Features add items (device registrations, overtime orders, download alerts,
 * incidents); the inbox page lists them and offers the actions each item carries in
 * its detail JSON: {"actions": [{"label": {"ja","en"}, "method", "path", "body"}], ...}.
 */
#ifndef DAICHO_STORE_INBOX_H
#define DAICHO_STORE_INBOX_H

#include "store/store.h"

struct inbox_item {
	int64_t id, user_id, ref_id, created_at, done_at;
	const char *kind, *subject, *detail;
};

/* Adds an item for user_id; detail is a JSON object text ("{}" when NULL). */
int store_inbox_add(struct store *st, int64_t user_id, const char *kind, int64_t ref_id,
		    const char *subject, const char *detail, int64_t now, struct err *e);
/* Marks done every open item of kind about ref_id (someone decided it). */
int store_inbox_done_ref(struct store *st, const char *kind, int64_t ref_id, int64_t now,
			 struct err *e);
/* Marks one item of user_id done; E_INPUT when it is not theirs. */
int store_inbox_done(struct store *st, int64_t user_id, int64_t id, int64_t now, struct err *e);
/* Items of user_id, newest first (open ones only unless all). */
int store_inbox_list(struct store *st, struct arena *a, int64_t user_id, bool all,
		     struct inbox_item **out, size_t *n, struct err *e);

/* The heads above user_id: the head of their section and of its department (0: none). */
int store_org_heads_of(struct store *st, int64_t user_id, int64_t *section_head,
		       int64_t *department_head, struct err *e);
/* Protection managers (保護管理者) of a section; *out is an arena array of *n user ids. */
int store_org_protection_managers(struct store *st, struct arena *a, int64_t section_id,
				  int64_t **out, size_t *n, struct err *e);
/* Users holding any of roles; *out is an arena array of *n user ids. */
int store_users_with_roles(struct store *st, struct arena *a, unsigned roles, int64_t **out,
			   size_t *n, struct err *e);

#endif
