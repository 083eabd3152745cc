// The record form's values: what an empty or default field holds, how a stored record
// becomes form values, and how form values become the record a write sends
// (kintone-api.md §5.2). Date-times are edited in local time and sent in UTC.
import type { FieldProperty, FileRef, KRecord, Properties, RecordValue, SubtableRow, UserRef } from '../../../api/types';
import { SYSTEM_TYPES } from '../appMeta';

export type FormValues = Record<string, RecordValue>;

const pad = (n: number) => String(n).padStart(2, '0');

export function localDate(d = new Date()): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function localTime(d = new Date()): string {
  return `${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** UTC "2024-05-01T01:00:00Z" → local "2024-05-01T10:00" for <input type=datetime-local>. */
export function utcToLocalInput(v: string | null | undefined): string {
  if (!v) return '';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return '';
  return `${localDate(d)}T${localTime(d)}`;
}

/** Local "2024-05-01T10:00" → UTC "2024-05-01T01:00:00Z"; "" stays "". */
export function localInputToUtc(v: string): string {
  if (!v) return '';
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) return v;
  return d.toISOString().slice(0, 16) + ':00Z';
}

export function emptyValue(p: FieldProperty): RecordValue {
  switch (p.type) {
    case 'CHECK_BOX':
    case 'MULTI_SELECT':
    case 'USER_SELECT':
    case 'FILE':
    case 'SUBTABLE':
      return [];
    case 'DATE':
    case 'TIME':
    case 'RADIO_BUTTON':
    case 'DROP_DOWN':
      return null;
    default:
      return '';
  }
}

/** A field's value in a new record: its default, "now" stamps, the signed-in user for LOGINUSER(). */
export function defaultValue(p: FieldProperty, me?: UserRef): RecordValue {
  const d = p.defaultValue;
  switch (p.type) {
    case 'DATE':
      return p.defaultNowValue ? localDate() : (d as string) || null;
    case 'TIME':
      return p.defaultNowValue ? localTime() : (d as string) || null;
    case 'DATETIME':
      return p.defaultNowValue ? new Date().toISOString().slice(0, 16) + ':00Z' : (d as string) || '';
    case 'CHECK_BOX':
    case 'MULTI_SELECT':
      return Array.isArray(d) ? [...(d as string[])] : [];
    case 'USER_SELECT': {
      const list = Array.isArray(d) ? (d as { code: string }[]) : [];
      return list
        .map((e) => (e.code === 'LOGINUSER()' && me ? { code: me.code, name: me.name } : { code: e.code, name: e.code }))
        .filter((u) => u.code !== 'LOGINUSER()');
    }
    case 'SUBTABLE':
      return [newRow(p, me)];
    case 'RADIO_BUTTON':
    case 'DROP_DOWN':
      return (d as string) || null;
    default:
      return typeof d === 'string' ? d : emptyValue(p);
  }
}

let rowSeq = 0;
/** A new subtable row with its columns' defaults; its id is local (never sent). */
export function newRow(table: FieldProperty, me?: UserRef): SubtableRow {
  const value: SubtableRow['value'] = {};
  for (const inner of Object.values(table.fields || {})) value[inner.code] = { type: inner.type, value: defaultValue(inner, me) };
  return { id: `new-${++rowSeq}`, value };
}

/** Form values for a new record. */
export function newValues(props: Properties, me?: UserRef): FormValues {
  const out: FormValues = {};
  for (const p of Object.values(props)) if (!SYSTEM_TYPES.has(p.type)) out[p.code] = defaultValue(p, me);
  return out;
}

/** Form values from a stored record. copy: for a duplicate (no row ids, no attachments). */
export function recordValues(props: Properties, rec: KRecord, copy = false): FormValues {
  const out: FormValues = {};
  for (const p of Object.values(props)) {
    if (SYSTEM_TYPES.has(p.type)) continue;
    const f = rec[p.code];
    let v: RecordValue = f ? f.value : emptyValue(p);
    if (p.type === 'FILE' && copy) v = [];
    if (p.type === 'SUBTABLE') {
      v = ((v as SubtableRow[]) || []).map((row) => {
        const value: SubtableRow['value'] = {};
        for (const inner of Object.values(p.fields || {})) {
          const cell = row.value[inner.code];
          value[inner.code] = { type: inner.type, value: inner.type === 'FILE' && copy ? [] : cell ? cell.value : emptyValue(inner) };
        }
        return { id: copy ? `new-${++rowSeq}` : row.id, value };
      });
    }
    out[p.code] = v;
  }
  return out;
}

function writeValue(p: FieldProperty, v: RecordValue): unknown {
  switch (p.type) {
    case 'FILE':
      return ((v as FileRef[]) || []).map((f) => ({ fileKey: f.fileKey }));
    case 'USER_SELECT':
      return ((v as UserRef[]) || []).map((u) => ({ code: u.code }));
    case 'DATE':
    case 'TIME':
      return v || null;
    case 'DATETIME':
      return v || '';
    case 'RADIO_BUTTON':
    case 'DROP_DOWN':
      return v ?? '';
    case 'SUBTABLE':
      return ((v as SubtableRow[]) || []).map((row) => {
        const value: Record<string, { value: unknown }> = {};
        for (const inner of Object.values(p.fields || {})) value[inner.code] = { value: writeValue(inner, row.value[inner.code]?.value ?? emptyValue(inner)) };
        return row.id.startsWith('new-') ? { value } : { id: row.id, value };
      });
    default:
      return v ?? '';
  }
}

/** The record a POST or PUT sends: every non-system field in kintone's write shape. */
export function writeRecord(props: Properties, values: FormValues): Record<string, { value: unknown }> {
  const out: Record<string, { value: unknown }> = {};
  for (const p of Object.values(props)) {
    if (SYSTEM_TYPES.has(p.type) || !(p.code in values)) continue;
    out[p.code] = { value: writeValue(p, values[p.code]) };
  }
  return out;
}
