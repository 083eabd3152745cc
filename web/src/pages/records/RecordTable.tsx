// The list of records: a link to each record, the chosen columns as plain text (cheap
// enough for 500 rows), sorting by clicking a sortable column's header (aria-sort says
// which), and a checkbox per row plus one for the whole page when the user may delete.
// On a phone each row becomes a card with the column names beside the values.
import type { FieldProperty, KRecord, Properties } from '../../api/types';
import { t } from '../../i18n';
import { onLinkClick } from '../../router';
import { valueText } from './fields/format';
import { sortable, type SortKey } from './queryBuild';

interface Props {
  app: string;
  props: Properties;
  columns: string[];
  records: KRecord[];
  sort: SortKey[];
  onSort: (code: string) => void;
  selectable: boolean;
  selected: Set<string>;
  onSelect: (ids: string[], on: boolean) => void;
}

const RIGHT = new Set(['NUMBER', 'RECORD_NUMBER']);
/** On a phone a card shows this many columns; the record page has the rest. */
const CARD_COLUMNS = 6;
const idOf = (r: KRecord) => r.$id.value as string;

export function RecordTable(p: Props) {
  const cols = p.columns.map((c) => p.props[c]).filter((x): x is FieldProperty => !!x);
  const ids = p.records.map(idOf);
  const all = ids.length > 0 && ids.every((id) => p.selected.has(id));
  const some = !all && ids.some((id) => p.selected.has(id));
  return (
    <div class="table-wrap records-wrap">
      <table class="data records">
        <caption class="sr-only">{t('list.tableCaption')}</caption>
        <thead>
          <tr>
            {p.selectable && (
              <th scope="col" class="select-col">
                <input
                  type="checkbox"
                  aria-label={t('list.selectPage')}
                  checked={all}
                  ref={(el) => {
                    if (el) el.indeterminate = some;
                  }}
                  onChange={(e) => p.onSelect(ids, e.currentTarget.checked)}
                />
              </th>
            )}
            <th scope="col" class="open-col">
              <span class="sr-only">{t('list.open')}</span>
            </th>
            {cols.map((c) => {
              const key = p.sort.find((k) => k.field === c.code);
              const first = p.sort[0]?.field === c.code;
              const ariaSort = first && key ? (key.dir === 'asc' ? 'ascending' : 'descending') : undefined;
              return (
                <th key={c.code} scope="col" aria-sort={ariaSort} class={RIGHT.has(c.type) ? 'num' : undefined}>
                  {sortable(c.type) ? (
                    <button type="button" class="sort-button" onClick={() => p.onSort(c.code)} title={t('list.sortBy', { label: c.label })}>
                      {c.label}
                      <span class={`sort-mark ${ariaSort ? 'on' : ''}`} aria-hidden="true">
                        {ariaSort === 'ascending' ? '▲' : ariaSort === 'descending' ? '▼' : '↕'}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {p.records.map((r) => (
            <Row key={idOf(r)} rec={r} cols={cols} app={p.app} selectable={p.selectable} checked={p.selected.has(idOf(r))} onSelect={p.onSelect} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Row(p: { rec: KRecord; cols: FieldProperty[]; app: string; selectable: boolean; checked: boolean; onSelect: (ids: string[], on: boolean) => void }) {
  const id = idOf(p.rec);
  const href = `/apps/${p.app}/records/${id}`;
  return (
    <tr class={p.checked ? 'selected' : undefined}>
      {p.selectable && (
        <td class="select-col">
          <input type="checkbox" aria-label={t('list.selectRecord', { id })} checked={p.checked} onChange={(e) => p.onSelect([id], e.currentTarget.checked)} />
        </td>
      )}
      <td class="open-col">
        <a href={href} onClick={onLinkClick} aria-label={t('list.openRecord', { id })} class="open-link">
          <span aria-hidden="true">#{id}</span>
        </a>
      </td>
      {p.cols.map((c, i) => {
        const text = valueText(p.rec[c.code], c);
        const cls = [RIGHT.has(c.type) ? 'num' : '', text ? '' : 'blank', i >= CARD_COLUMNS ? 'card-extra' : ''].filter(Boolean).join(' ');
        return (
          <td key={c.code} data-label={c.label} class={cls || undefined}>
            {text && (c.type === 'MULTI_LINE_TEXT' || c.type === 'RICH_TEXT') ? <div class="clamp">{text}</div> : text}
          </td>
        );
      })}
    </tr>
  );
}
