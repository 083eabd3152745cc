/* config: defaults, file and environment for the server's settings (see config.h). */
#include "core/config.h"
#include "core/strutil.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct config_key keys[] = {
	{"data", "DAICHO_DATA", "./data", "data directory: database and files"},
	{"listen", "DAICHO_LISTEN", "127.0.0.1,::1", "comma-separated addresses to listen on"},
	{"port", "DAICHO_PORT", "8080", "TCP port"},
	{"threads", "DAICHO_THREADS", "4", "HTTP worker threads per listen address"},
	{"timezone", "DAICHO_TZ", "Asia/Tokyo", "time zone of TODAY(), THIS_MONTH() and friends"},
	{"sync", "DAICHO_SYNC", "normal",
	 "normal: a committed write survives a crash of daicho; full: also a power cut"},
	{"max_body", "DAICHO_MAX_BODY", "33554432", "largest JSON request body in bytes"},
	{"max_file", "DAICHO_MAX_FILE", "1073741824", "largest uploaded file in bytes"},
	{"session_idle", "DAICHO_SESSION_IDLE", "120", "minutes before an idle browser session ends"},
	{"session_max", "DAICHO_SESSION_MAX", "12", "hours before any browser session ends"},
	{"secure_cookie", "DAICHO_SECURE_COOKIE", "0", "1 to mark cookies Secure (served over TLS)"},
	{"lang", "DAICHO_LANG", "ja", "message language when the client sends no Accept-Language"},
	{"lock_after", "DAICHO_LOCK_AFTER", "10", "failed logins in a row before the account is locked"},
	{"lock_minutes", "DAICHO_LOCK_MINUTES", "15", "minutes an account stays locked"},
	{"slow_after", "DAICHO_SLOW_AFTER", "3", "failed logins in a row before attempts are delayed"},
	{"backup_dir", "DAICHO_BACKUP_DIR", "",
	 "directory for scheduled, encrypted backups (a second disk or a mounted remote; empty: none)"},
	{"backup_hours", "DAICHO_BACKUP_HOURS", "24", "hours between scheduled backups"},
	{"backup_keep", "DAICHO_BACKUP_KEEP", "7", "backups kept in backup_dir; older ones are removed"},
	{"backup_key", "DAICHO_BACKUP_KEY", "",
	 "backup key file (empty: <data>/backup.key); keep a copy away from the server"},
	{"keys_dir", "DAICHO_KEYS_DIR", "",
	 "directory of the class I record keys, best on another disk (empty: <data>/keys)"},
	{NULL, NULL, NULL, NULL},
};

const struct config_key *config_keys(void)
{
	return keys;
}

void config_defaults(struct config *c)
{
	char msg[128];
	memset(c, 0, sizeof *c);
	for (const struct config_key *k = keys; k->key; k++)
		config_set(c, k->key, k->def, msg, sizeof msg);
}

static int int_in(const char *v, int64_t lo, int64_t hi, int64_t *out)
{
	int64_t x;
	if (!str_to_i64(v, &x) || x < lo || x > hi)
		return -1;
	*out = x;
	return 0;
}

int config_set(struct config *c, const char *key, const char *v, char *msg, size_t msgsz)
{
	int64_t x = 0;
#define BAD(what) do { snprintf(msg, msgsz, "%s: %s (got \"%s\")", key, what, v); return -1; } while (0)
	if (strcmp(key, "data") == 0) {
		if (*v == '\0' || strlen(v) >= sizeof c->data)
			BAD("must be a directory path");
		str_copy(c->data, v, sizeof c->data);
	} else if (strcmp(key, "listen") == 0) {
		if (*v == '\0' || strlen(v) >= sizeof c->listen)
			BAD("must be one or more addresses separated by commas");
		str_copy(c->listen, v, sizeof c->listen);
	} else if (strcmp(key, "port") == 0) {
		if (int_in(v, 1, 65535, &x))
			BAD("must be a port number from 1 to 65535");
		c->port = (int)x;
	} else if (strcmp(key, "threads") == 0) {
		if (int_in(v, 1, 256, &x))
			BAD("must be from 1 to 256");
		c->threads = (int)x;
	} else if (strcmp(key, "timezone") == 0) {
		if (*v == '\0' || strlen(v) >= sizeof c->timezone)
			BAD("must be a time zone name such as Asia/Tokyo");
		str_copy(c->timezone, v, sizeof c->timezone);
	} else if (strcmp(key, "sync") == 0) {
		if (strcmp(v, "normal") != 0 && strcmp(v, "full") != 0)
			BAD("must be normal or full");
		str_copy(c->sync, v, sizeof c->sync);
	} else if (strcmp(key, "max_body") == 0) {
		if (int_in(v, 1024, (int64_t)1 << 32, &x))
			BAD("must be a size in bytes from 1024 to 4294967296");
		c->max_body = x;
	} else if (strcmp(key, "max_file") == 0) {
		if (int_in(v, 1024, (int64_t)1 << 40, &x))
			BAD("must be a size in bytes");
		c->max_file = x;
	} else if (strcmp(key, "session_idle") == 0) {
		if (int_in(v, 1, 24 * 60, &x))
			BAD("must be minutes from 1 to 1440");
		c->session_idle = (int)x;
	} else if (strcmp(key, "session_max") == 0) {
		if (int_in(v, 1, 24 * 30, &x))
			BAD("must be hours from 1 to 720");
		c->session_max = (int)x;
	} else if (strcmp(key, "secure_cookie") == 0) {
		if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0)
			BAD("must be 0 or 1");
		c->secure_cookie = v[0] == '1';
	} else if (strcmp(key, "lang") == 0) {
		if (strcmp(v, "ja") != 0 && strcmp(v, "en") != 0)
			BAD("must be ja or en");
		str_copy(c->lang, v, sizeof c->lang);
	} else if (strcmp(key, "lock_after") == 0) {
		if (int_in(v, 1, 1000, &x))
			BAD("must be from 1 to 1000");
		c->lock_after = (int)x;
	} else if (strcmp(key, "lock_minutes") == 0) {
		if (int_in(v, 1, 24 * 60, &x))
			BAD("must be minutes from 1 to 1440");
		c->lock_minutes = (int)x;
	} else if (strcmp(key, "slow_after") == 0) {
		if (int_in(v, 1, 1000, &x))
			BAD("must be from 1 to 1000");
		c->slow_after = (int)x;
	} else if (strcmp(key, "backup_dir") == 0 || strcmp(key, "backup_key") == 0) {
		char *dst = key[7] == 'd' ? c->backup_dir : c->backup_key;
		if (strlen(v) >= sizeof c->backup_dir)
			BAD("must be a path");
		str_copy(dst, v, sizeof c->backup_dir);
	} else if (strcmp(key, "backup_hours") == 0) {
		if (int_in(v, 1, 24 * 366, &x))
			BAD("must be hours from 1 to 8784");
		c->backup_hours = (int)x;
	} else if (strcmp(key, "backup_keep") == 0) {
		if (int_in(v, 1, 10000, &x))
			BAD("must be from 1 to 10000");
		c->backup_keep = (int)x;
	} else if (strcmp(key, "keys_dir") == 0) {
		if (strlen(v) >= sizeof c->keys_dir - 64)
			BAD("must be a directory path");
		str_copy(c->keys_dir, v, sizeof c->keys_dir);
	} else {
		snprintf(msg, msgsz, "unknown setting \"%s\"", key);
		return -1;
	}
#undef BAD
	return 0;
}

static char *trim(char *s)
{
	while (isspace((unsigned char)*s))
		s++;
	char *e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

int config_load_file(struct config *c, const char *path, char *msg, size_t msgsz)
{
	FILE *f = fopen(path, "r");
	if (f == NULL) {
		snprintf(msg, msgsz, "cannot open config file %s", path);
		return -1;
	}
	char line[1024], sub[512];
	int lineno = 0, rc = 0;
	while (fgets(line, sizeof line, f) != NULL) {
		lineno++;
		char *hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		char *s = trim(line);
		if (*s == '\0')
			continue;
		char *eq = strchr(s, '=');
		if (eq == NULL) {
			snprintf(msg, msgsz, "%s:%d: expected key = value", path, lineno);
			rc = -1;
			break;
		}
		*eq = '\0';
		if (config_set(c, trim(s), trim(eq + 1), sub, sizeof sub) != 0) {
			snprintf(msg, msgsz, "%s:%d: %s", path, lineno, sub);
			rc = -1;
			break;
		}
	}
	fclose(f);
	return rc;
}

int config_load_env(struct config *c, char *msg, size_t msgsz)
{
	char sub[512];
	for (const struct config_key *k = keys; k->key; k++) {
		const char *v = getenv(k->env);
		if (v == NULL || *v == '\0')
			continue;
		if (config_set(c, k->key, v, sub, sizeof sub) != 0) {
			snprintf(msg, msgsz, "%s: %s", k->env, sub);
			return -1;
		}
	}
	return 0;
}
