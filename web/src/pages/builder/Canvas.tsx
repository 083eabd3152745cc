// The designer's canvas: the form's rows as kintone lays them out (rows of fields side
// by side, and tables), with drop places for dragged fields: inside a row, inside a
// table, or between rows as a new row.
import { useState } from 'preact/hooks';
import type { JSX } from 'preact';
import type { FieldType } from '../../api/types';
import { t } from '../../i18n';
import { dragged, endDrag, indexAt, startDrag, type Dragged } from './dnd';
import { cardKeys, CardTools, FieldCard, type CardActions } from './FieldCard';
import { FIELD_TYPES, tableable } from './fieldTypes';
import type { Form, Row, Target } from './model';
import { TypeIcon } from './TypeIcon';

type Marker = { gap: number } | { row: number; index: number } | null;

export interface CanvasProps {
  form: Form;
  selected: string | null;
  errorKeys: Set<string>;
  a: CardActions;
  drop: (what: Dragged, target: Target) => void;
  addToTable: (tableKey: string, type: FieldType) => void;
}

function typeOf(d: Dragged, form: Form): FieldType | null {
  if (d.kind === 'new' || d.kind === 'move') return d.type;
  return form.unplaced.find((f) => f.key === d.key)?.prop.type || null;
}

function DropGap(props: { before: number; active: boolean; empty?: boolean; over: (e: DragEvent) => void; drop: (e: DragEvent) => void }) {
  return (
    <div class={`drop-gap${props.active ? ' active' : ''}${props.empty ? ' empty' : ''}`} onDragOver={props.over} onDrop={props.drop}>
      {props.empty ? <span>{t('builder.canvas.empty')}</span> : <span class="drop-gap-text">{t('builder.canvas.newRow')}</span>}
    </div>
  );
}

function TableAdd({ tableKey, add }: { tableKey: string; add: (k: string, type: FieldType) => void }) {
  const [type, setType] = useState<FieldType | ''>('');
  const id = `table-add-${tableKey}`;
  return (
    <div class="table-add">
      <label for={id}>{t('builder.table.addLabel')}</label>
      <select id={id} value={type} onChange={(e) => setType(e.currentTarget.value as FieldType)}>
        <option value="">{t('builder.table.pickType')}</option>
        {FIELD_TYPES.filter((x) => tableable(x.type)).map((x) => (
          <option key={x.type} value={x.type}>
            {t(`builder.type.${x.type}`)}
          </option>
        ))}
      </select>
      <button
        type="button"
        class="small"
        disabled={!type}
        onClick={() => {
          if (type) add(tableKey, type);
          setType('');
        }}
      >
        {t('builder.table.add')}
      </button>
    </div>
  );
}

export function Canvas(p: CanvasProps) {
  const [marker, setMarker] = useState<Marker>(null);
  const clear = () => setMarker(null);

  const overGap = (before: number) => (e: DragEvent) => {
    if (!dragged()) return;
    e.preventDefault();
    if (!marker || !('gap' in marker) || marker.gap !== before) setMarker({ gap: before });
  };
  const dropGap = (before: number) => (e: DragEvent) => {
    const d = dragged();
    e.preventDefault();
    clear();
    endDrag();
    if (d) p.drop(d, { kind: 'newRow', before });
  };
  const accepts = (r: Row, d: Dragged) => {
    const type = typeOf(d, p.form);
    if (!type) return false;
    if (r.kind === 'table') return tableable(type) && !(d.kind === 'move' && d.key === r.table.key);
    return type !== 'SUBTABLE';
  };
  const overRow = (i: number, r: Row) => (e: DragEvent) => {
    const d = dragged();
    if (!d || !accepts(r, d)) return;
    e.preventDefault();
    e.stopPropagation();
    const index = indexAt(e.currentTarget as HTMLElement, e.clientX, e.clientY);
    if (!marker || !('row' in marker) || marker.row !== i || marker.index !== index) setMarker({ row: i, index });
  };
  const dropRow = (i: number, r: Row) => (e: DragEvent) => {
    const d = dragged();
    if (!d || !accepts(r, d)) return;
    e.preventDefault();
    e.stopPropagation();
    const index = indexAt(e.currentTarget as HTMLElement, e.clientX, e.clientY);
    clear();
    endDrag();
    p.drop(d, { kind: 'inRow', row: i, index });
  };
  const mark = (i: number, index: number) => marker && 'row' in marker && marker.row === i && marker.index === index;
  const withMarker = (i: number, cards: JSX.Element[]) => {
    const out: JSX.Element[] = [];
    cards.forEach((c, j) => {
      if (mark(i, j)) out.push(<div class="drop-marker" key="marker" aria-hidden="true" />);
      out.push(c);
    });
    if (mark(i, cards.length)) out.push(<div class="drop-marker" key="marker" aria-hidden="true" />);
    return out;
  };

  const rows = p.form.rows;
  return (
    <div class="canvas" onDragEnd={clear} onDragLeave={(e) => !(e.currentTarget as HTMLElement).contains(e.relatedTarget as Node) && clear()}>
      <p id="card-help" class="visually-hidden">
        {t('builder.card.help')}
      </p>
      {rows.length === 0 && <DropGap before={0} empty active={!!marker && 'gap' in marker} over={overGap(0)} drop={dropGap(0)} />}
      {rows.length > 0 && <DropGap before={0} active={!!marker && 'gap' in marker && marker.gap === 0} over={overGap(0)} drop={dropGap(0)} />}
      {rows.map((r, i) => (
        <div key={r.key} class="canvas-slot">
          {r.kind === 'row' ? (
            <div class="canvas-row" data-row={i} onDragOver={overRow(i, r)} onDrop={dropRow(i, r)}>
              {withMarker(
                i,
                r.items.map((it) =>
                  it.kind === 'field' ? (
                    <FieldCard key={it.key} f={it.field} inTable={false} selected={p.selected === it.key} hasError={p.errorKeys.has(it.key)} a={p.a} />
                  ) : (
                    <div key={it.key} class="field-card deco" data-item={it.key}>
                      <div class="field-card-main" id={`card-${it.key}`} role="button" tabIndex={0} aria-pressed={p.selected === it.key} onClick={() => p.a.select(it.key)} onKeyDown={(e) => cardKeys(e, it.key, p.a)}>
                        <span class="field-card-text">
                          <span class="field-card-label">
                            <span class="field-card-name">{it.raw.label || t(`builder.deco.${it.raw.type}`)}</span>
                          </span>
                          <span class="field-card-meta">{t(`builder.deco.${it.raw.type}`)}</span>
                        </span>
                      </div>
                    </div>
                  ),
                ),
              )}
            </div>
          ) : (
            <div
              class={`canvas-table${p.selected === r.table.key ? ' selected' : ''}${p.errorKeys.has(r.table.key) ? ' has-error' : ''}`}
              data-row={i}
              draggable
              onDragStart={(e) => startDrag(e, { kind: 'move', key: r.table.key, type: 'SUBTABLE' })}
              onDragEnd={endDrag}
            >
              <div class="table-head">
                <div
                  class="field-card-main"
                  id={`card-${r.table.key}`}
                  role="button"
                  tabIndex={0}
                  aria-pressed={p.selected === r.table.key}
                  aria-label={t('builder.card.label', { label: r.table.prop.label || r.table.prop.code, type: t('builder.type.SUBTABLE') })}
                  aria-describedby="card-help"
                  onClick={() => p.a.select(r.table.key)}
                  onKeyDown={(e) => cardKeys(e, r.table.key, p.a)}
                >
                  <TypeIcon type="SUBTABLE" />
                  <span class="field-card-text">
                    <span class="field-card-label">
                      <span class="field-card-name">{r.table.prop.label || r.table.prop.code}</span>
                    </span>
                    <span class="field-card-meta">
                      {t('builder.type.SUBTABLE')} · <code>{r.table.prop.code}</code> · {t('builder.table.columns', { n: r.inner.length })}
                    </span>
                  </span>
                  {r.table.orig === null && <span class="b-badge b-badge-new">{t('builder.badge.new')}</span>}
                  {p.errorKeys.has(r.table.key) && <span class="b-badge b-badge-error">{t('builder.badge.error')}</span>}
                </div>
                {p.selected === r.table.key && <CardTools f={r.table} inTable={false} a={p.a} />}
              </div>
              <div class="table-inner" data-table={r.table.key} onDragOver={overRow(i, r)} onDrop={dropRow(i, r)}>
                {withMarker(
                  i,
                  r.inner.map((f) => <FieldCard key={f.key} f={f} inTable selected={p.selected === f.key} hasError={p.errorKeys.has(f.key)} a={p.a} />),
                )}
                {r.inner.length === 0 && <p class="table-empty">{t('builder.table.empty')}</p>}
              </div>
              <TableAdd tableKey={r.table.key} add={p.addToTable} />
            </div>
          )}
          <DropGap before={i + 1} active={!!marker && 'gap' in marker && marker.gap === i + 1} over={overGap(i + 1)} drop={dropGap(i + 1)} />
        </div>
      ))}
    </div>
  );
}
