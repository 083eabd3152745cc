/*
 * config: the server's settings, with safe defaults, an optional file and environment
 * overrides (in that order; command-line flags are applied last by cli/).
 *
 * The file holds "key = value" lines with the same keys as the table in config.c
 * ("#" starts a comment). Each key also has an environment variable DAICHO_<KEY>.
 * docs/CONFIG.md lists them; `daicho serve --help` prints them with their defaults.
 */
#ifndef DAICHO_CORE_CONFIG_H
#define DAICHO_CORE_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct config {
	char data[512];			/* data directory (database, files, keys) */
	char listen[256];		/* comma-separated listen addresses */
	int port;			/* TCP port */
	int threads;			/* HTTP worker threads per listen address */
	char timezone[64];		/* IANA zone for query date functions */
	char sync[8];			/* SQLite synchronous mode: "normal" or "full" */
	int64_t max_body;		/* largest JSON request body in bytes */
	int64_t max_file;		/* largest uploaded file in bytes */
	int session_idle;		/* minutes before an idle session ends */
	int session_max;		/* hours before any session ends */
	bool secure_cookie;		/* add Secure to cookies (behind a TLS proxy) */
	char lang[4];			/* default message language: "ja" or "en" */
	int lock_after;			/* failed logins before sign-in is locked */
	int lock_minutes;		/* how long the lock lasts */
	int slow_after;			/* failed logins before each attempt is delayed */
	char backup_dir[512];		/* where scheduled backups go ("" = none scheduled) */
	int backup_hours;		/* hours between scheduled backups */
	int backup_keep;		/* backups kept in backup_dir (older ones removed) */
	char backup_key[512];		/* backup key file ("" = <data>/backup.key) */
	char keys_dir[512];		/* class I record keys ("" = <data>/keys) */
};

/* One setting for help output: key, environment name, default, description. */
struct config_key {
	const char *key;
	const char *env;
	const char *def;
	const char *help;
};

/* Fills c with the built-in defaults. */
void config_defaults(struct config *c);
/* Reads a config file; on error writes a message to msg and returns -1. */
int config_load_file(struct config *c, const char *path, char *msg, size_t msgsz);
/* Applies DAICHO_* environment variables; on error writes a message and returns -1. */
int config_load_env(struct config *c, char *msg, size_t msgsz);
/* Sets one key from text (used by the file, the environment and flags). */
int config_set(struct config *c, const char *key, const char *value, char *msg, size_t msgsz);
/* The table of keys, terminated by an entry with key NULL. */
const struct config_key *config_keys(void);

#endif
