// CSV import, the pure part: decoding the file (a BOM or valid UTF-8, else Shift_JIS),
// matching columns to fields by label or code, turning cells into record values (lists
// one value per line, as export writes them), and mapping the server's errors
// (records[<i>]...) back to the file's line numbers and column names.
import type { FieldErrors } from '../../api/client';
import type { FieldProperty, FieldType, Properties } from '../../api/types';
import { SYSTEM_TYPES } from './appMeta';
import { parseErrorKey } from './fields/errors';

export type Encoding = 'auto' | 'utf-8' | 'shift_jis';

/** The file's text and the encoding it was read with. */
export function decode(buf: ArrayBuffer, enc: Encoding): { text: string; encoding: 'utf-8' | 'shift_jis' } {
  const bytes = new Uint8Array(buf);
  const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  if (enc === 'utf-8' || bom) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  if (enc === 'shift_jis') return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('shift_jis').decode(bytes), encoding: 'shift_jis' };
  }
}

const NOT_IMPORTED = new Set<FieldType>(['FILE', 'SUBTABLE']);
const KEY_TYPES = new Set<FieldType>(['SINGLE_LINE_TEXT', 'NUMBER', 'DATE', 'DATETIME', 'LINK']);

/** Fields a CSV column can fill: top-level, not system fields, files or subtables. */
export function importable(props: Properties, order: string[]): FieldProperty[] {
  return order.map((c) => props[c]).filter((p) => p && !SYSTEM_TYPES.has(p.type) && !NOT_IMPORTED.has(p.type));
}

/** Unique fields that may identify records to update. */
export function updateKeys(fields: FieldProperty[]): FieldProperty[] {
  return fields.filter((f) => f.unique && KEY_TYPES.has(f.type));
}

const norm = (s: string) => s.replace(/[\s\u3000]+/g, '').toLowerCase();

/** The watermark column daicho's export adds under the export rules (docs/EXPORT.md): never imported. */
export const WATERMARK_HEADER = '出力記録 (daicho)';

/** For each column, the field whose label or code matches its header ("" = not imported); a field is used once. */
export function autoMap(headers: string[], fields: FieldProperty[]): string[] {
  const used = new Set<string>();
  return headers.map((h) => {
    if (h.trim() === WATERMARK_HEADER) return '';
    const n = norm(h);
    const f =
      fields.find((x) => !used.has(x.code) && (x.label === h || x.code === h)) ||
      fields.find((x) => !used.has(x.code) && (norm(x.label) === n || norm(x.code) === n));
    if (!f || !n) return '';
    used.add(f.code);
    return f.code;
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** A cell's text as the value a field takes. */
export function cellValue(p: FieldProperty, raw: string): unknown {
  const text = raw.replace(/\r\n?/g, '\n');
  const s = text.trim();
  switch (p.type) {
    case 'CHECK_BOX':
    case 'MULTI_SELECT':
      return text.split('\n').map((x) => x.trim()).filter(Boolean);
    case 'USER_SELECT':
      return text.split('\n').map((x) => x.trim()).filter(Boolean).map((code) => ({ code }));
    case 'NUMBER':
      return /^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s) ? s.replace(/,/g, '') : s;
    case 'DATE':
      return s ? s.replace(/\//g, '-') : null;
    case 'TIME':
      return s || null;
    case 'DATETIME': {
      const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T](\d{1,2}):(\d{2})(?::\d{2})?$/.exec(s);
      if (!m) return s;
      // No zone: the person's local time, as a spreadsheet shows it.
      const d = new Date(+m[1], +m[2] - 1, +m[3], +m[4], +m[5]);
      return Number.isNaN(d.getTime()) ? s : `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00Z`;
    }
    case 'RADIO_BUTTON':
    case 'DROP_DOWN':
      return s;
    default:
      return text;
  }
}

/** The records to send: one per data row, with the mapped columns. */
export function toRecords(rows: string[][], mapping: string[], props: Properties): Record<string, { value: unknown }>[] {
  const cols = mapping.map((code, i) => ({ i, prop: code ? props[code] : undefined })).filter((c) => c.prop);
  return rows.map((row) => {
    const rec: Record<string, { value: unknown }> = {};
    for (const c of cols) rec[c.prop!.code] = { value: cellValue(c.prop!, row[c.i] ?? '') };
    return rec;
  });
}

/** The line of the file where each row starts (1-based), counting line breaks inside quoted cells. */
export function startLines(rows: string[][]): number[] {
  const out: number[] = [];
  let line = 1;
  for (const r of rows) {
    out.push(line);
    let breaks = 0;
    for (const c of r) breaks += (c.match(/\r\n|\r|\n/g) || []).length;
    line += 1 + breaks;
  }
  return out;
}

export interface RowError {
  /** The data row (0-based, header excluded). */
  row: number;
  line: number;
  column: string;
  field: string;
  messages: string[];
}

/**
 * Errors of an import request over rows first..first+n, keyed records[<i>]..., as rows of
 * the file: line number, the CSV column (or the field when no column maps to it) and messages.
 * lines: startLines() of the data rows.
 */
export function rowErrors(errors: FieldErrors, first: number, lines: number[], headers: string[], mapping: string[], props: Properties): { rows: RowError[]; other: string[] } {
  const rows: RowError[] = [];
  const other: string[] = [];
  for (const [key, { messages }] of Object.entries(errors || {})) {
    const p = parseErrorKey(key);
    if (!p || p.index === undefined) {
      other.push(...messages);
      continue;
    }
    const row = first + p.index;
    const col = mapping.indexOf(p.code);
    rows.push({
      row,
      line: lines[row] ?? row + 2,
      column: col >= 0 ? headers[col] : '',
      field: props[p.code]?.label || p.code,
      messages,
    });
  }
  rows.sort((a, b) => a.row - b.row || a.column.localeCompare(b.column));
  return { rows, other };
}
