/*
 * files: file.json. Uploads arrive as multipart/form-data (part "file"), are streamed
 * to a temporary file by http/server.c, and kept once per content in the data
 * directory under their SHA-256 (files/ab/abcdef...). An upload key is good for
 * attaching the file to a record; the record then shows a download key.
 */
#include "http/handlers/handlers.h"
#include "auth/crypto.h"
#include "auth/keyring.h"
#include "core/log.h"
#include "core/utf8.h"
#include "http/appctx.h"
#include "http/dispatch.h"
#include "http/params.h"
#include "store/misc.h"
#include "store/sealing.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Path of a blob in the data directory. */
static void blob_path(char *out, size_t size, const char *sha, bool dir_only)
{
	if (dir_only)
		snprintf(out, size, "%s/files/%.2s", store_data_dir(), sha);
	else
		snprintf(out, size, "%s/files/%.2s/%s", store_data_dir(), sha, sha);
}

/* The last path component of a client's file name (browsers may send C:\fakepath\x). */
static const char *base_name(const char *name)
{
	const char *b = name;
	for (const char *p = name; *p; p++)
		if (*p == '/' || *p == '\\')
			b = p + 1;
	return b;
}

int h_file_upload(struct req *r, struct res *s)
{
	struct upload *u = &r->upload;
	if (!u->present || u->tmp_path == NULL)
		return err_field(&r->err, "file", FM_REQUIRED_PARAM, NULL);
	const char *name = base_name(u->name);
	size_t len = strlen(name);
	if (len == 0 || len > 255 || !utf8_valid(name, len, NULL))
		return err_field(&r->err, "file", FM_INVALID, NULL);
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20)
			return err_field(&r->err, "file", FM_INVALID, NULL);
	char dir[700], path[800];
	blob_path(dir, sizeof dir, u->sha256, true);
	blob_path(path, sizeof path, u->sha256, false);
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		log_error("cannot create %s: %s", dir, strerror(errno));
		return err_set(&r->err, E_STORAGE, NULL);
	}
	if (access(path, F_OK) != 0) {
		/* Make the bytes durable before anything refers to them. */
		int fd = open(u->tmp_path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || fsync(fd) != 0 || rename(u->tmp_path, path) != 0) {
			log_error("cannot store upload as %s: %s", path, strerror(errno));
			if (fd >= 0)
				close(fd);
			return err_set(&r->err, E_STORAGE, NULL);
		}
		close(fd);
		int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
	}
	char key[41];
	crypto_random_token(key, 40);
	struct file_row f = {key, u->sha256, name, u->content_type, u->size, r->who.user_id, 0, 0, NULL};
	if (store_file_upload(store_thread(), &f, r->now, &r->err) != 0)
		return -1;
	jsonw_obj(&s->w);
	jsonw_kstr(&s->w, "fileKey", key);
	jsonw_obj_end(&s->w);
	return 0;
}

/* RFC 5987 encoding of a file name for Content-Disposition. */
static const char *disposition(struct req *r, const char *name)
{
	static const char hex[] = "0123456789ABCDEF";
	struct buf b;
	buf_init(&b, 0);
	buf_puts(&b, "attachment; filename*=UTF-8''");
	for (const unsigned char *p = (const unsigned char *)name; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		    strchr("-._~", *p)) {
			buf_putc(&b, (char)*p);
		} else {
			char e[3] = {'%', hex[*p >> 4], hex[*p & 15]};
			buf_put(&b, e, 3);
		}
	}
	const char *out = arena_strdup(r->arena, buf_str(&b));
	buf_free(&b);
	return out;
}

/*
 * A class I attachment, opened into an unnamed temporary file in the data directory
 * (unlinked at once, so the plaintext never has a name and goes when the response
 * closes it). -1 when it cannot be opened (its key is gone).
 */
static int open_sealed(const char *path)
{
	char dir[700];
	snprintf(dir, sizeof dir, "%s/tmp", store_data_dir());
	int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
	if (fd < 0) {	/* file systems without O_TMPFILE: a named file, unlinked at once */
		char tmp[760];
		snprintf(tmp, sizeof tmp, "%s/open-XXXXXX", dir);
		fd = mkostemp(tmp, O_CLOEXEC);
		if (fd < 0)
			return -1;
		unlink(tmp);
	}
	if (keyring_open_file(path, fd, NULL) != 0 || lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

int h_file_download(struct req *r, struct res *s)
{
	const char *key;
	struct file_row f;
	if (param_str(r, r->params, "fileKey", NULL, &key) != 0)
		return -1;
	if (key == NULL || *key == '\0')
		return err_field(&r->err, "fileKey", FM_REQUIRED_PARAM, NULL);
	if (strlen(key) > 128 || store_file_get(store_thread(), r->arena, key, &f, &r->err) != 0)
		return err_set(&r->err, E_FILE_NOT_FOUND, "%.64s", key);
	if (f.app_id == 0) {
		if (f.uploader_id != r->who.user_id || r->who.kind == AK_TOKEN)
			return err_set(&r->err, E_FILE_NOT_FOUND, "%.64s", key);
	} else if (f.field != NULL && strcmp(f.field, "$customize") == 0) {
		/* A JS/CSS customisation file is part of the app's settings, not of its
		 * records: its managers read it, whatever the app's state (docs/CUSTOMIZE.md). */
		const struct app_ctx *app;
		audit_app(r, f.app_id);
		if (appctx_get(r, f.app_id, &app) == 0) {
			if (dispatch_require(r, app, RIGHT_MANAGE) != 0)
				return -1;
		} else if (r->err.code != E_APP_NOT_DEPLOYED || dispatch_require_draft(r, f.app_id) != 0) {
			return -1;
		}
	} else {
		const struct app_ctx *app;
		audit_app(r, f.app_id);
		if (appctx_get(r, f.app_id, &app) != 0 || dispatch_require_usable(r, app, RIGHT_VIEW) != 0)
			return -1;
		audit_id(r, f.record_id);
	}
	char path[800];
	blob_path(path, sizeof path, f.sha256, false);
	int fd = store_blob_sealed(f.sha256) ? open_sealed(path) : open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_error("file %s is missing from the data directory", f.sha256);
		return err_set(&r->err, E_STORAGE, NULL);
	}
	struct stat sb;
	if (fstat(fd, &sb) != 0) {
		close(fd);
		return err_set(&r->err, E_STORAGE, NULL);
	}
	s->fd = fd;
	s->fd_size = sb.st_size;
	s->content_type = arena_strdup(r->arena, f.content_type);
	res_header(s, "Content-Disposition", disposition(r, f.name));
	return 0;
}
