/*
 * customize (handlers): what customize.c and plugins.c share: the list of JS/CSS files a
 * record page of an app loads for the caller (approved plugins the app enabled, then the
 * app's live customisation, reviewed where the policy asks for it).
 */
#ifndef DAICHO_HTTP_HANDLERS_CUSTOMIZE_H
#define DAICHO_HTTP_HANDLERS_CUSTOMIZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "http/req.h"

struct app_ctx;

struct cu_file {
	const char *kind;	/* "js" or "css" */
	const char *name;	/* file name */
	const char *sha256;	/* pinned content */
	int64_t plugin_id;	/* the plugin it belongs to, 0 for the app's customisation */
};

struct cu_active {
	struct cu_file *files;	/* arena array */
	size_t n, cap;
};

/* True when the policy extensions.review is on (Abiko §10). */
bool customize_review_on(void);
/* The files a record page of app c loads for the caller, into *out (arena memory). */
int customize_active(struct req *r, const struct app_ctx *c, struct cu_active *out);
/* Appends a file to a list (plugins.c). */
void customize_add_file(struct req *r, struct cu_active *l, const char *kind, const char *name,
			const char *sha256, int64_t plugin_id);
/* Appends the files of the approved plugins the app enabled (plugins.c). */
int plugins_active(struct req *r, int64_t app_id, struct cu_active *out);

#endif
