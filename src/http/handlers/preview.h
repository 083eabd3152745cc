/*
 * preview: loading and saving an app's preview form (fields, layout, settings,
 * permissions) as JSON values, for the settings handlers. Also the JSON shapes shared
 * by the app endpoints.
 */
#ifndef DAICHO_HTTP_PREVIEW_H
#define DAICHO_HTTP_PREVIEW_H

#include <jansson.h>

#include "http/req.h"
#include "store/apps.h"

struct preview {
	struct app_row row;	/* the app */
	json_t *props;		/* field definitions (stored form, with internal keys) */
	json_t *layout;
	json_t *settings;	/* {name, description, icon, theme} */
	json_t *acl;		/* kintone's rights array */
	json_t *views;		/* saved views by name */
};

/* Loads a stage ("preview" or "live") of the form of app_id. */
int preview_load(struct req *r, int64_t app_id, const char *stage, struct preview *p);
/*
 * Saves p as the new preview (layout synchronised with the fields first). expect is the
 * client's revision (-1: no check); the new revision goes to *rev.
 */
int preview_save(struct req *r, struct preview *p, int64_t expect, int64_t *rev);
/* The parts of a form that GET endpoints return whole, under their kintone key. */
enum preview_part { PART_PROPERTIES, PART_LAYOUT, PART_VIEWS, PART_ACL };

/*
 * Writes {"<key>": <part>, "revision": "N"} for one stage ("preview" or "live") of
 * app_id: "properties" (without internal keys), "layout", "views" or "rights".
 */
int preview_part_out(struct req *r, struct res *s, int64_t app_id, const char *stage,
		     enum preview_part part);
/* Writes {"revision":"N"}, the answer of most settings changes. */
void revision_out(struct res *s, int64_t rev);
void preview_free(struct preview *p);
/* The optional "revision" parameter (-1 when absent or -1). */
int preview_revision_param(struct req *r, int64_t *out);
/* The initial permission list of a new app: its creator may do everything. */
json_t *acl_initial(void);
/* Writes the app object of app.json / apps.json. */
void app_json(struct jsonw *w, const struct app_row *row);

#endif
