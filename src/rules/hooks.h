/*
 * hooks: the pure rules of extensions (RULES.md row 12, Abiko §10): which webhook
 * destinations the administrator's allow-list admits, which URLs are acceptable at
 * all, and how a token's rights are bounded by its owner's. No I/O.
 *
 * An allow-list (policy "extensions.webhook_allow") is comma-separated entries. An entry
 * holding "://" is a URL prefix ("https://hooks.example.jp/city/"): a URL matches when it
 * starts with it and the prefix ends at a boundary (the prefix ends in "/", or the URL
 * continues with "/", "?" or "#" or ends there), so "https://a.example" never admits
 * "https://a.example.evil". Any other entry is a host name or address ("hooks.example.jp",
 * "127.0.0.1"), compared without case with the URL's host; URL prefixes compare exactly.
 * An empty list admits nothing.
 */
#ifndef DAICHO_RULES_HOOKS_H
#define DAICHO_RULES_HOOKS_H

#include <stdbool.h>
#include <stddef.h>

enum { HOOKS_URL_MAX = 1000 };

/* Record events a webhook is sent for (kintone's webhook triggers). */
enum {
	HOOK_EV_ADD = 1,	/* a record added: ADD_RECORD */
	HOOK_EV_EDIT = 2,	/* a record edited: UPDATE_RECORD */
	HOOK_EV_DELETE = 4,	/* a record deleted: DELETE_RECORD */
	HOOK_EV_COMMENT = 8,	/* a comment posted on a record: ADD_RECORD_COMMENT */
	HOOK_EV_ALL = 15,
};

/* Deliveries: attempts before giving up, and the wait before attempt n (n >= 1). */
enum { HOOKS_ATTEMPTS_MAX = 5 };
long hooks_retry_delay(int attempts_made);

/*
 * True when url is an absolute http or https URL of at most HOOKS_URL_MAX bytes with a
 * host, no user name or password part, and no spaces or control characters.
 */
bool hooks_url_valid(const char *url);
/*
 * Copies the host of a valid URL (without port, brackets kept off IPv6) into host
 * (size bytes, lower-cased); false when url is not valid or the host does not fit.
 */
bool hooks_url_host(const char *url, char *host, size_t size);
/* 0 when every entry of the list is a valid URL prefix or a host name (empty: valid). */
int hooks_allow_list_valid(const char *list);
/* True when the list admits url (see the file comment); false for invalid URLs. */
bool hooks_url_allowed(const char *list, const char *url);
/* The rights a token may use: its own, never more than its owner holds now. */
unsigned hooks_token_rights(unsigned token_rights, unsigned owner_rights);

#endif
