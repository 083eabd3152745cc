/*
 * http/downloads: the bulk-download warning gate (Kuki 第20条, rules/downloads.h).
 * dispatch.c calls it once per request, after the handler built the response and
 * before it is sent: it counts the records the request read (its access-log entries),
 * refuses above the app's threshold unless the request states a reason
 * (X-Daicho-Download-Reason) and always above the hard cap; a request that proceeds
 * with a reason is recorded with it and alerts the protection managers.
 */
#ifndef DAICHO_HTTP_DOWNLOADS_H
#define DAICHO_HTTP_DOWNLOADS_H

#include "http/req.h"

/* 0 to send the response; -1 with r->err set to refuse it. */
int http_downloads_gate(struct req *r);

#endif
