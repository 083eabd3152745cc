/*
 * respond: the kintone-shaped error body ({code, id, message, errors}) and the
 * bulkRequest form of it ({"results":[{}, {error}, {}...]}), in the request's language.
 */
#ifndef DAICHO_HTTP_RESPOND_H
#define DAICHO_HTTP_RESPOND_H

#include "http/req.h"

/* Replaces s's body with the error in r->err and sets the status and headers. */
void respond_error(struct req *r, struct res *s);
/* Writes one error object (code, id, message, errors) with jsonw. */
void respond_error_object(struct req *r, struct jsonw *w);
/* The main message of e in the request's language, into out. */
void respond_message(const struct req *r, const struct err *e, char *out, size_t size);
/*
 * An error kept for later (a failed deployment's reason): err_pack writes it as JSON text
 * (code, argument, field errors), err_unpack reads it back into e (allocating from e's
 * arena), so it can be shown in the language of whoever reads it.
 */
char *respond_err_pack(struct arena *a, const struct err *e);
int respond_err_unpack(const char *text, struct err *e);
/* Chooses ja or en from an Accept-Language header value (fallback: def). */
enum lang respond_lang(const char *accept_language, enum lang def);

#endif
