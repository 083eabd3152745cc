/* common: helpers shared by the commands of cli/ (see common.c). */
#ifndef DAICHO_CLI_COMMON_H
#define DAICHO_CLI_COMMON_H

#include <stddef.h>

#include "core/err.h"

struct config;
struct store;

/* Opens libsodium, the time zone and the data directory; *st is this thread's store. */
int cli_open(const struct config *c, struct store **st);
/* Creates the administrator "admin" when there is no user yet (printing the password). */
int cli_ensure_admin(struct store *st);
/* Prints an error and its field errors to standard error, in English. */
void cli_print_err(const char *what, const struct err *e);
/* Reads a password line from standard input (no echo on a terminal). */
int cli_read_password(const char *prompt, char *out, size_t size);

/* "os:<login>" of the user running the command, for the access log. */
const char *cli_os_user(void);

#endif
