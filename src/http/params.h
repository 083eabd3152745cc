/*
 * params: request parameters as one JSON object, whatever their source.
 *
 * kintone clients send GET and DELETE parameters in the query string with indexed
 * brackets (ids[0]=1&ids[1]=2, record[a][value]=b), and POST/PUT parameters (and
 * long GETs with X-HTTP-Method-Override) as a JSON body. Both become a json_t object
 * here, so handlers read parameters one way. The typed getters accept numbers or
 * numeric strings and report problems as kintone field errors keyed by the parameter.
 */
#ifndef DAICHO_HTTP_PARAMS_H
#define DAICHO_HTTP_PARAMS_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/err.h"

struct req;

enum { PARAMS_MAX = 2000 };

/*
 * Parses a query string (without '?') into a new JSON object. Errors: E_UTF8 for bad
 * bytes, E_INPUT for malformed bracket syntax or too many parameters.
 */
json_t *params_from_query(const char *qs, struct err *e);
/* Merges src into dst for keys dst does not have. */
void params_merge(json_t *dst, json_t *src);

/* Required positive integer parameter (app, id, ...). E_INPUT keyed by name. */
int param_id(struct req *r, json_t *obj, const char *name, int64_t *out);
/* Optional integer with default; accepts numbers and numeric strings. */
int param_int(struct req *r, json_t *obj, const char *name, int64_t def, int64_t *out);
/* Optional boolean (true/false/"true"/"false") with default. */
int param_bool(struct req *r, json_t *obj, const char *name, bool def, bool *out);
/* Optional string with default; numbers are not accepted. */
int param_str(struct req *r, json_t *obj, const char *name, const char *def, const char **out);
/*
 * Text of at most max characters. Absent or null: def; def NULL makes it required
 * (absent or empty: a field error).
 */
int param_text(struct req *r, const char *name, const char *def, size_t max, const char **out);
/*
 * A reviewer's decision {id, approve, comment}: id required, approve required (true or
 * false), comment optional, at most 1,000 characters.
 */
int param_decision(struct req *r, int64_t *id, bool *approve, const char **comment);
/*
 * A report's period: days "from" and "to" (YYYY-MM-DD, UTC, inclusive), by default the 30
 * days up to today, at most 366 days (E_AUDIT_FILTER naming the parameter, E_AUDIT_RANGE).
 * *from is the first day's start, *to the last day's start.
 */
int param_period(struct req *r, time_t *from, time_t *to);
/* Integer value of a JSON number or numeric string; false otherwise. */
bool json_to_i64(json_t *v, int64_t *out);

#endif
