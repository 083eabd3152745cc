/*
 * log: the server's operational log on standard error (start, stop, failures).
 *
 * This is not the access log (audit/ keeps that in the database). Never pass a
 * password, token, session id or key to these functions.
 */
#ifndef DAICHO_CORE_LOG_H
#define DAICHO_CORE_LOG_H

void log_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void log_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Silences info messages (tests, quiet commands). */
void log_quiet(int quiet);

#endif
