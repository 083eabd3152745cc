// Server field errors back to the place they belong. kintone keys them as
//   record.<code>.value, record.<code>.values[<i>].value, record[<code>].value,
//   record.<table>.value[<row>].value.<inner>.value
// and, for several records, with records[<i>] in front instead of record.
import type { FieldErrors } from '../../../api/client';

export interface ErrorPlace {
  /** The record's index for records[<i>] keys. */
  index?: number;
  code: string;
  row?: number;
  inner?: string;
}

const HEAD = /^(?:record|records\[(\d+)\])(?:\.([^.[\]]+)|\[([^\]]+)\])(.*)$/;
const ROW = /^\.value\[(\d+)\]\.value(?:\.([^.[\]]+)|\[([^\]]+)\])/;

export function parseErrorKey(key: string): ErrorPlace | null {
  const m = HEAD.exec(key);
  if (!m) return null;
  const place: ErrorPlace = { code: m[2] ?? m[3] };
  if (m[1] !== undefined) place.index = Number(m[1]);
  const r = ROW.exec(m[4]);
  if (r) {
    place.row = Number(r[1]);
    place.inner = r[2] ?? r[3];
  }
  return place;
}

/** Messages per place: "code", or "table/row/inner" for a subtable cell. */
export interface RecordErrors {
  fields: Record<string, string[]>;
  /** Messages that name no field of the form. */
  other: string[];
}

export function cellKey(table: string, row: number, inner: string): string {
  return `${table}/${row}/${inner}`;
}

/** Groups a write's field errors by field (and subtable cell); duplicate messages dropped. */
export function recordErrors(errors: FieldErrors | undefined): RecordErrors {
  const out: RecordErrors = { fields: {}, other: [] };
  for (const [key, { messages }] of Object.entries(errors || {})) {
    const p = parseErrorKey(key);
    const k = p ? (p.inner !== undefined ? cellKey(p.code, p.row!, p.inner) : p.code) : null;
    const list = k ? (out.fields[k] ||= []) : out.other;
    for (const m of messages) if (!list.includes(m)) list.push(m);
  }
  return out;
}
