/*
 * assets: the web UI's files, built by Vite and compiled into the binary by
 * web/embed.mjs. Without them (unit tests, a build without the UI) the table is empty.
 */
#ifndef DAICHO_HTTP_ASSETS_H
#define DAICHO_HTTP_ASSETS_H

#include <stdbool.h>
#include <stddef.h>

struct web_asset {
	const char *path;		/* URL path, e.g. "/assets/index-abc.js" */
	const char *type;		/* Content-Type */
	const unsigned char *data;	/* the bytes */
	size_t size;
	const unsigned char *gz;	/* gzip-compressed bytes, or NULL */
	size_t gz_size;
	bool immutable;			/* named by content hash: cache forever */
};

/* The table, terminated by an entry with path NULL (defined by the generated file). */
extern const struct web_asset web_assets[];

#endif
