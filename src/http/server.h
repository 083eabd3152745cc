/*
 * server: the only user of libmicrohttpd. Listens on the configured addresses, turns
 * each connection's request into a struct req (streaming multipart uploads to a
 * temporary file and refusing oversize bodies before reading them), runs
 * http_dispatch, and sends the struct res back.
 */
#ifndef DAICHO_HTTP_SERVER_H
#define DAICHO_HTTP_SERVER_H

struct config;

/* Starts listening; returns 0 when at least one address is served, -1 otherwise. */
int server_start(const struct config *c);
/* Stops accepting, finishes requests in flight and closes the listeners. */
void server_stop(void);

#endif
