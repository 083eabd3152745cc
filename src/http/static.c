/*
 * static: serving the embedded web UI. Files under /assets/ are named by their content
 * hash and cached for a year; every other path that is not an API is the single-page
 * application's index.html. HTML carries a strict Content-Security-Policy: scripts and
 * styles only from this server, nothing inline, no framing.
 */
#include "http/static.h"
#include "http/assets.h"
#include "core/strutil.h"

#include <string.h>

/* An empty table for builds without the UI (the generated one overrides it). */
__attribute__((weak)) const struct web_asset web_assets[] = {{NULL, NULL, NULL, 0, NULL, 0, false}};

static const char csp[] =
	"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
	"font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
	"frame-ancestors 'none'; form-action 'self'";

static const struct web_asset *find(const char *path)
{
	for (const struct web_asset *a = web_assets; a->path; a++)
		if (strcmp(a->path, path) == 0)
			return a;
	return NULL;
}

bool static_serve(const struct req *r, struct res *s)
{
	if (strcmp(r->method, "GET") != 0 && strcmp(r->method, "HEAD") != 0)
		return false;
	if (str_starts(r->path, "/k/") || str_starts(r->path, "/api/") || web_assets[0].path == NULL)
		return false;
	const struct web_asset *a = find(r->path);
	if (a == NULL) {
		/* A path of the application itself (no file extension) gets the page. */
		const char *last = strrchr(r->path, '/');
		if (last && strchr(last, '.') != NULL)
			return false;
		a = find("/index.html");
		if (a == NULL)
			return false;
	}
	const char *ae = req_header(r, "Accept-Encoding");
	bool gz = a->gz != NULL && ae != NULL && strstr(ae, "gzip") != NULL;
	s->status = 200;
	s->content_type = a->type;
	s->static_body = gz ? a->gz : a->data;
	s->static_len = gz ? a->gz_size : a->size;
	if (gz)
		res_header(s, "Content-Encoding", "gzip");
	res_header(s, "Vary", "Accept-Encoding");
	res_header(s, "Cache-Control", a->immutable ? "public, max-age=31536000, immutable" : "no-cache");
	if (str_starts(a->type, "text/html"))
		res_header(s, "Content-Security-Policy", csp);
	return true;
}
