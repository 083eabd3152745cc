// Editing a subtable: one row of inputs per row, with buttons to add a row below, move a
// row up or down and remove it. Each cell's label is its column header plus the row
// number, for screen readers; each cell shows its own server message.
import type { FieldProperty, RecordValue, SubtableRow } from '../../../api/types';
import { t } from '../../../i18n';
import { session } from '../../../session';
import { cellKey } from './errors';
import { FieldInput } from './FieldInput';
import { newRow } from './values';

export function SubtableEditor(p: {
  table: FieldProperty;
  rows: SubtableRow[];
  onChange: (rows: SubtableRow[]) => void;
  id: string;
  errors: Record<string, string[]>;
  onBusy?: (delta: number) => void;
}) {
  const cols = Object.values(p.table.fields || {});
  const me = session()?.user;
  const set = (rows: SubtableRow[]) => p.onChange(rows);
  const insert = (at: number) => {
    const rows = [...p.rows];
    rows.splice(at, 0, newRow(p.table, me));
    set(rows);
  };
  const move = (i: number, d: number) => {
    const rows = [...p.rows];
    [rows[i], rows[i + d]] = [rows[i + d], rows[i]];
    set(rows);
  };
  const cell = (i: number, code: string, v: RecordValue) =>
    set(p.rows.map((r, k) => (k === i ? { ...r, value: { ...r.value, [code]: { ...r.value[code], value: v } } } : r)));
  return (
    <div class="subtable-editor">
      <div class="table-wrap">
        <table class="data subtable edit">
          <thead>
            <tr>
              <th scope="col" class="row-no">
                <span class="sr-only">{t('rec.rowNumber')}</span>#
              </th>
              {cols.map((c) => (
                <th key={c.code} scope="col">
                  {c.label}
                  {c.required && (
                    <span class="req" aria-hidden="true">
                      *
                    </span>
                  )}
                </th>
              ))}
              <th scope="col">
                <span class="sr-only">{t('rec.rowActions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {p.rows.map((r, i) => (
              <tr key={r.id}>
                <td class="row-no">{i + 1}</td>
                {cols.map((c) => (
                  <td key={c.code} data-label={c.label}>
                    <FieldInput
                      cell
                      prop={{ ...c, label: t('rec.cellLabel', { label: c.label, row: i + 1 }) }}
                      value={r.value[c.code]?.value ?? null}
                      onChange={(v) => cell(i, c.code, v)}
                      id={`${p.id}-${i}-${c.code}`}
                      errors={p.errors}
                      errorKey={cellKey(p.table.code, i, c.code)}
                      onBusy={p.onBusy}
                    />
                  </td>
                ))}
                <td class="row-actions">
                  <button type="button" class="small" aria-label={t('rec.rowAddBelow', { row: i + 1 })} title={t('rec.rowAddBelow', { row: i + 1 })} onClick={() => insert(i + 1)}>
                    +
                  </button>
                  <button type="button" class="small" disabled={i === 0} aria-label={t('rec.rowUp', { row: i + 1 })} title={t('rec.rowUp', { row: i + 1 })} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                  <button
                    type="button"
                    class="small"
                    disabled={i === p.rows.length - 1}
                    aria-label={t('rec.rowDown', { row: i + 1 })}
                    title={t('rec.rowDown', { row: i + 1 })}
                    onClick={() => move(i, 1)}
                  >
                    ↓
                  </button>
                  <button type="button" class="small" aria-label={t('rec.rowRemove', { row: i + 1 })} title={t('rec.rowRemove', { row: i + 1 })} onClick={() => set(p.rows.filter((_, k) => k !== i))}>
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <button type="button" class="small add-row" onClick={() => insert(p.rows.length)}>
        {t('rec.rowAdd')}
      </button>
    </div>
  );
}
