// The form's layout (rows of fields, labels, spacers, lines and subtables, as the
// builder arranged them) with each field drawn by the caller: the record page shows
// values with it, the form shows inputs. Fields the layout leaves out come last.
import type { ComponentChildren } from 'preact';
import type { LayoutField, LayoutRow, Properties } from '../../api/types';
import { SYSTEM_TYPES } from './appMeta';
import { sanitize } from './fields/FieldDisplay';

export function FormLayout(p: { props: Properties; layout: LayoutRow[]; field: (code: string) => ComponentChildren }) {
  const placed = new Set<string>();
  const item = (f: LayoutField, i: number) => {
    if (f.type === 'LABEL') return <div key={`l${i}`} class="layout-label rich-text" dangerouslySetInnerHTML={{ __html: sanitize(f.label || '') }} />;
    if (f.type === 'SPACER') return <div key={`s${i}`} class="layout-spacer" aria-hidden="true" />;
    if (f.type === 'HR') return <hr key={`h${i}`} class="layout-hr" />;
    if (!f.code || !p.props[f.code]) return null;
    placed.add(f.code);
    const wide = ['MULTI_LINE_TEXT', 'RICH_TEXT', 'FILE', 'CHECK_BOX', 'MULTI_SELECT', 'RADIO_BUTTON'].includes(p.props[f.code].type);
    return (
      <div key={f.code} class={wide ? 'layout-cell wide' : 'layout-cell'}>
        {p.field(f.code)}
      </div>
    );
  };
  const rows = p.layout.map((row, i) => {
    if (row.type === 'SUBTABLE') {
      if (!row.code || !p.props[row.code]) return null;
      placed.add(row.code);
      return (
        <div key={`t${row.code}`} class="layout-row layout-subtable">
          {p.field(row.code)}
        </div>
      );
    }
    return (
      <div key={`r${i}`} class="layout-row">
        {(row.fields || []).map(item)}
      </div>
    );
  });
  const rest = Object.values(p.props).filter((f) => !placed.has(f.code) && !SYSTEM_TYPES.has(f.type));
  return (
    <div class="form-layout">
      {rows}
      {rest.map((f) => (
        <div key={`x${f.code}`} class={f.type === 'SUBTABLE' ? 'layout-row layout-subtable' : 'layout-row'}>
          <div class="layout-cell wide">{p.field(f.code)}</div>
        </div>
      ))}
    </div>
  );
}
