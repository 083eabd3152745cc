/*
 * items: the information items of a form (Abiko §9(4)(5) "all items"), as the app's
 * registration and the ledger list them: every input field, those inside subtables
 * included, with its code, label, type, its subtable and whether it is flagged as
 * personal data. Layout-only and system fields hold no information item.
 */
#ifndef DAICHO_FIELDS_ITEMS_H
#define DAICHO_FIELDS_ITEMS_H

#include <jansson.h>

/*
 * A new JSON array of {code, label, type, personal[, table]} for the stored field
 * properties props; personal is the JSON array of field codes flagged personal (NULL: none).
 */
json_t *form_information_items(json_t *props, json_t *personal);

#endif
