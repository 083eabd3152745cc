/* server: libmicrohttpd behind daicho's request and response types (see server.h). */
#include "http/server.h"
#include "auth/crypto.h"
#include "core/arena.h"
#include "core/config.h"
#include "core/log.h"
#include "core/strutil.h"
#include "core/utf8.h"
#include "core/xalloc.h"
#include "http/dispatch.h"
#include "http/req.h"
#include "store/store.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

enum { MAX_DAEMONS = 8 };

static struct MHD_Daemon *daemons[MAX_DAEMONS];
static int n_daemons;

/* Per-connection state from the first callback to the response. */
struct conn {
	struct arena arena;		/* owns the request */
	struct req req;
	struct buf body;		/* JSON body */
	int64_t limit;			/* largest body accepted */
	bool too_large;
	struct MHD_PostProcessor *pp;	/* multipart uploads */
	int fd;				/* temporary upload file */
	char *tmp_path;
	struct crypto_sha256 sha;
	int64_t up_size;
	bool answered;			/* a response was queued (possibly early) */
};

static void conn_free(struct conn *c)
{
	if (c == NULL)
		return;
	if (c->pp)
		MHD_destroy_post_processor(c->pp);
	if (c->fd >= 0)
		close(c->fd);
	if (c->tmp_path) {
		unlink(c->tmp_path);	/* the handler moved it if it kept it */
		free(c->tmp_path);
	}
	if (c->req.params)
		json_decref(c->req.params);
	buf_free(&c->body);
	arena_destroy(&c->arena);
	free(c);
}

static enum MHD_Result collect_header(void *cls, enum MHD_ValueKind kind, const char *key,
				      const char *value)
{
	struct conn *c = cls;
	struct req *r = &c->req;
	(void)kind;
	if (r->n_headers % 16 == 0)
		r->headers = arena_grow(&c->arena, r->headers, r->n_headers, r->n_headers + 16,
					sizeof *r->headers);
	r->headers[r->n_headers++] = (struct kv){arena_strdup(&c->arena, key),
						 arena_strdup(&c->arena, value ? value : "")};
	return MHD_YES;
}

/* Receives multipart parts: the file goes to a temporary file, __REQUEST_TOKEN__ to params. */
static enum MHD_Result on_part(void *cls, enum MHD_ValueKind kind, const char *key,
			       const char *filename, const char *content_type,
			       const char *transfer_encoding, const char *data, uint64_t off,
			       size_t size)
{
	struct conn *c = cls;
	struct req *r = &c->req;
	(void)kind;
	(void)transfer_encoding;
	if (strcmp(key, "__REQUEST_TOKEN__") == 0) {
		/* The value may arrive in several pieces: append them (tokens are short). */
		if (r->params == NULL)
			r->params = json_object();
		const char *prev = off > 0 ? json_string_value(json_object_get(r->params, key)) : NULL;
		size_t plen = prev ? strlen(prev) : 0;
		if (plen + size > 256)
			return MHD_YES;
		char *v = arena_alloc(&c->arena, plen + size + 1);
		memcpy(v, prev ? prev : "", plen);
		memcpy(v + plen, data, size);
		json_object_set_new(r->params, key, json_stringn(v, plen + size));
		return MHD_YES;
	}
	if (strcmp(key, "file") != 0 || r->upload.too_large)
		return MHD_YES;
	if (off == 0 && !r->upload.present) {
		char path[700];
		char rnd[17];
		crypto_random_token(rnd, 16);
		snprintf(path, sizeof path, "%s/tmp/up-%s", store_data_dir(), rnd);
		c->fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (c->fd < 0) {
			log_error("upload: cannot create %s: %s", path, strerror(errno));
			return MHD_NO;
		}
		c->tmp_path = xstrdup(path);
		crypto_sha256_init(&c->sha);
		r->upload.present = true;
		r->upload.name = arena_strdup(&c->arena, filename ? filename : "");
		r->upload.content_type = arena_strdup(&c->arena, content_type && *content_type
								  ? content_type
								  : "application/octet-stream");
	}
	if (c->fd < 0)
		return MHD_YES;
	if (c->up_size + (int64_t)size > c->limit - 64 * 1024) {
		r->upload.too_large = true;
		close(c->fd);
		c->fd = -1;
		return MHD_YES;
	}
	size_t done = 0;
	while (done < size) {
		ssize_t w = write(c->fd, data + done, size - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0) {
			log_error("upload: write failed: %s", strerror(errno));
			return MHD_NO;
		}
		done += (size_t)w;
	}
	crypto_sha256_update(&c->sha, data, size);
	c->up_size += (int64_t)size;
	return MHD_YES;
}

static struct MHD_Response *build_response(struct conn *c, struct res *s)
{
	struct MHD_Response *resp;
	if (s->fd >= 0) {
		resp = MHD_create_response_from_fd((uint64_t)s->fd_size, s->fd);
		s->fd = -1;	/* now owned by libmicrohttpd */
	} else if (s->static_body != NULL) {
		resp = MHD_create_response_from_buffer(s->static_len, (void *)s->static_body,
						       MHD_RESPMEM_PERSISTENT);
	} else {
		resp = MHD_create_response_from_buffer(s->body.len, s->body.data ? s->body.data : (char *)"",
						       MHD_RESPMEM_MUST_COPY);
	}
	if (resp == NULL)
		return NULL;
	MHD_add_response_header(resp, "Content-Type", s->content_type);
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	if (s->static_body == NULL)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	for (int i = 0; i < s->n_headers; i++)
		MHD_add_response_header(resp, s->headers[i].name, s->headers[i].value);
	(void)c;
	return resp;
}

/* Collects the query string back from libmicrohttpd's parsed arguments. */
struct qs_acc {
	struct buf b;	/* the query string being rebuilt */
};

static void put_encoded(struct buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    *p == '-' || *p == '_' || *p == '.' || *p == '~') {
			buf_putc(b, (char)*p);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_put(b, e, 3);
		}
	}
}

static enum MHD_Result collect_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				   const char *value)
{
	struct qs_acc *acc = cls;
	(void)kind;
	if (acc->b.len)
		buf_putc(&acc->b, '&');
	put_encoded(&acc->b, key);
	if (value) {
		buf_putc(&acc->b, '=');
		put_encoded(&acc->b, value);
	}
	return MHD_YES;
}

static const char *raw_query(struct MHD_Connection *mc, struct arena *a)
{
	struct qs_acc acc;
	buf_init(&acc.b, 0);
	MHD_get_connection_values(mc, MHD_GET_ARGUMENT_KIND, collect_arg, &acc);
	const char *s = arena_strndup(a, buf_str(&acc.b), acc.b.len);
	buf_free(&acc.b);
	return s;
}

static void client_address(struct MHD_Connection *mc, char *out, size_t size)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	str_copy(out, "", size);
	if (ci == NULL || ci->client_addr == NULL)
		return;
	const struct sockaddr *sa = ci->client_addr;
	if (sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)size);
	else if (sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)size);
}

/*
 * Builds the struct req from what arrived, runs it and queues the response. Called when
 * the whole request is here, or early to refuse a body that is too large (libmicrohttpd
 * then closes the connection instead of reading the rest).
 */
static enum MHD_Result respond(struct conn *c, struct MHD_Connection *mc)
{
	c->answered = true;
	struct req *r = &c->req;
	struct res s;
	char client[64];
	MHD_get_connection_values(mc, MHD_HEADER_KIND, collect_header, c);
	client_address(mc, client, sizeof client);
	r->client = arena_strdup(&c->arena, client);
	/* libmicrohttpd strips the query from url; rebuild it from the parsed arguments. */
	r->query_string = raw_query(mc, &c->arena);
	r->body = c->body.data ? c->body.data : "";
	r->body_len = c->body.len;
	r->body_too_large = c->too_large || r->upload.too_large;
	if (r->upload.present && c->fd >= 0) {
		close(c->fd);
		c->fd = -1;
		r->upload.tmp_path = c->tmp_path;
		r->upload.size = c->up_size;
		crypto_sha256_final(&c->sha, r->upload.sha256);
	}
	json_t *multipart_params = r->params;	/* __REQUEST_TOKEN__ from a form, if any */
	r->params = NULL;
	res_init(&s);
	if (multipart_params != NULL) {
		/* Hand the form's token to the dispatcher through the query parameters. */
		const char *tok = json_string_value(json_object_get(multipart_params, "__REQUEST_TOKEN__"));
		if (tok && *r->query_string == '\0')
			r->query_string = arena_printf(&c->arena, "__REQUEST_TOKEN__=%s", tok);
		else if (tok)
			r->query_string = arena_printf(&c->arena, "%s&__REQUEST_TOKEN__=%s",
						       r->query_string, tok);
		json_decref(multipart_params);
	}
	http_dispatch(r, &s);
	struct MHD_Response *resp = build_response(c, &s);
	enum MHD_Result ok = MHD_NO;
	if (resp != NULL) {
		ok = MHD_queue_response(mc, (unsigned)s.status, resp);
		MHD_destroy_response(resp);
	}
	res_free(&s);
	return ok;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *mc, const char *url,
				  const char *method, const char *version, const char *upload_data,
				  size_t *upload_size, void **con_cls)
{
	struct conn *c = *con_cls;
	(void)cls;
	(void)version;
	if (c == NULL) {
		c = xcalloc(sizeof *c);
		c->fd = -1;
		arena_init(&c->arena, 0);
		buf_init(&c->body, 0);
		c->req.arena = &c->arena;
		c->req.method = arena_strdup(&c->arena, method);
		c->req.path = arena_strdup(&c->arena, url);
		c->limit = dispatch_body_limit(method, url);
		*con_cls = c;
		const char *cl = MHD_lookup_connection_value(mc, MHD_HEADER_KIND, "Content-Length");
		int64_t n;
		if (cl != NULL && str_to_i64(cl, &n) && n > c->limit)
			c->too_large = true;
		if (c->too_large)
			return respond(c, mc);	/* refuse before reading a byte of it */
		if (dispatch_is_upload(method, url)) {
			c->pp = MHD_create_post_processor(mc, 65536, on_part, c);
			/* Not multipart: dispatch will answer that the file is missing. */
		}
		return MHD_YES;
	}
	if (c->answered) {		/* refused early: whatever still arrives is dropped */
		*upload_size = 0;
		return MHD_YES;
	}
	if (*upload_size > 0) {
		if (c->too_large) {
			*upload_size = 0;
			return MHD_YES;
		}
		if (c->pp != NULL) {
			/* A malformed form leaves no file: dispatch reports it missing. */
			MHD_post_process(c->pp, upload_data, *upload_size);
		} else if ((int64_t)(c->body.len + *upload_size) > c->limit) {
			/* No Content-Length, and more than allowed: the rest is read and dropped
			 * so that the client, still sending, can read the 413. */
			c->too_large = true;
			buf_free(&c->body);
		} else {
			buf_put(&c->body, upload_data, *upload_size);
		}
		*upload_size = 0;
		return MHD_YES;
	}

	return respond(c, mc);
}

static void on_completed(void *cls, struct MHD_Connection *mc, void **con_cls,
			 enum MHD_RequestTerminationCode toe)
{
	(void)cls;
	(void)mc;
	(void)toe;
	conn_free(*con_cls);
	*con_cls = NULL;
}

static int listen_on(const char *addr, int port)
{
	struct sockaddr_storage ss;
	socklen_t len;
	memset(&ss, 0, sizeof ss);
	int family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	if (family == AF_INET6) {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, addr, &s6->sin6_addr) != 1)
			return -1;
		len = sizeof *s6;
	} else {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
		s4->sin_family = AF_INET;
		s4->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, addr, &s4->sin_addr) != 1)
			return -1;
		len = sizeof *s4;
	}
	int fd = socket(family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return -1;
	int one = 1;
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (family == AF_INET6)
		setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one);
	if (bind(fd, (struct sockaddr *)&ss, len) != 0 || listen(fd, 512) != 0) {
		int saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

static void mhd_log(void *cls, const char *fmt, va_list ap)
{
	char line[512];
	(void)cls;
	vsnprintf(line, sizeof line, fmt, ap);
	size_t n = strlen(line);
	while (n > 0 && line[n - 1] == '\n')
		line[--n] = '\0';
	log_warn("http: %s", line);
}

int server_start(const struct config *cfg)
{
	char list[256];
	str_copy(list, cfg->listen, sizeof list);
	char *save = NULL;
	for (char *a = strtok_r(list, ",", &save); a && n_daemons < MAX_DAEMONS;
	     a = strtok_r(NULL, ",", &save)) {
		while (*a == ' ')
			a++;
		int fd = listen_on(a, cfg->port);
		if (fd < 0) {
			log_warn("cannot listen on %s port %d: %s", a, cfg->port, strerror(errno));
			continue;
		}
		struct MHD_Daemon *d = MHD_start_daemon(
			MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG,
			0, NULL, NULL, on_request, NULL,
			MHD_OPTION_EXTERNAL_LOGGER, mhd_log, NULL,
			MHD_OPTION_LISTEN_SOCKET, fd,
			MHD_OPTION_THREAD_POOL_SIZE, (unsigned)cfg->threads,
			MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)120,
			MHD_OPTION_CONNECTION_LIMIT, (unsigned)1000,
			/* Room for request lines up to ~120 KB, past the query compiler's own
			 * 64 KiB bound, so long queries get its JSON error; longer URLs are
			 * refused by libmicrohttpd itself with 414. */
			MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)256 * 1024,
			MHD_OPTION_NOTIFY_COMPLETED, on_completed, NULL,
			MHD_OPTION_END);
		if (d == NULL) {
			log_warn("cannot start the HTTP server on %s port %d", a, cfg->port);
			close(fd);
			continue;
		}
		daemons[n_daemons++] = d;
		log_info("listening on http://%s%s%s:%d/", strchr(a, ':') ? "[" : "", a,
			 strchr(a, ':') ? "]" : "", cfg->port);
	}
	return n_daemons > 0 ? 0 : -1;
}

void server_stop(void)
{
	for (int i = 0; i < n_daemons; i++)
		MHD_stop_daemon(daemons[i]);
	n_daemons = 0;
}
