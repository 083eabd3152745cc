// One field on the designer's canvas: its label, type and code, marks for required,
// unique and errors; selected, it shows the buttons that move it without a mouse
// (up, down, left, right) and remove it; the settings panel moves it into or out of a table.
import { useState } from 'preact/hooks';
import { t } from '../../i18n';
import { endDrag, startDrag } from './dnd';
import { isSystem, tableable } from './fieldTypes';
import type { DField, Direction } from './model';
import { TypeIcon } from './TypeIcon';

export interface CardActions {
  select: (key: string) => void;
  move: (key: string, dir: Direction) => void;
  canMove: (key: string, dir: Direction) => boolean;
  intoTable: (key: string, tableKey: string) => void;
  outOfTable: (key: string) => void;
  remove: (key: string) => void;
  edit: (key: string) => void; // moves the focus to the field's settings
  selected: string | null;
  tables: DField[];
}

const arrows: [Direction, string][] = [
  ['up', '↑'],
  ['down', '↓'],
  ['left', '←'],
  ['right', '→'],
];

/** The move and remove buttons of the selected field or table (tables: see Placement). */
export function CardTools({ f, inTable, a }: { f: DField; inTable: boolean; a: CardActions }) {
  const label = f.prop.label || f.prop.code;
  const isTable = f.prop.type === 'SUBTABLE';
  const dirs = arrows.filter(([d]) => (isTable ? d === 'up' || d === 'down' : inTable ? d === 'left' || d === 'right' : true));
  return (
    <div class="card-tools" role="group" aria-label={t('builder.card.tools', { label })}>
      {dirs.map(([d, glyph]) => (
        <button
          key={d}
          type="button"
          id={`mv-${d}-${f.key}`}
          class="small b-icon-button"
          disabled={!a.canMove(f.key, d)}
          aria-label={t(`builder.card.${d}`, { label })}
          title={t(`builder.card.${d}`, { label })}
          onClick={() => a.move(f.key, d)}
        >
          {glyph}
        </button>
      ))}
      <button type="button" class="small b-danger-outline" onClick={() => a.remove(f.key)}>
        {isSystem(f.prop.type) ? t('builder.card.unplace') : t('common.delete')}
      </button>
    </div>
  );
}

/** Moving the selected field into a table, or out of its table, without dragging. */
export function Placement({ f, inTable, a }: { f: DField; inTable: boolean; a: CardActions }) {
  const [table, setTable] = useState('');
  const label = f.prop.label || f.prop.code;
  const id = `place-${f.key}`;
  if (inTable)
    return (
      <div class="b-setting placement">
        <p class="b-setting-title">{t('builder.place.title')}</p>
        <button type="button" class="small" id={`mv-out-${f.key}`} onClick={() => a.outOfTable(f.key)}>
          {t('builder.card.outOfTable')}
        </button>
      </div>
    );
  if (!tableable(f.prop.type) || a.tables.length === 0) return null;
  return (
    <div class="b-setting placement">
      <label for={id}>{t('builder.card.tableFor', { label })}</label>
      <div class="b-inline">
        <select id={id} value={table} onChange={(e) => setTable(e.currentTarget.value)}>
          <option value="">{t('builder.card.pickTable')}</option>
          {a.tables.map((x) => (
            <option key={x.key} value={x.key}>
              {x.prop.label || x.prop.code}
            </option>
          ))}
        </select>
        <button type="button" class="small" disabled={!table} onClick={() => a.intoTable(f.key, table)}>
          {t('builder.card.intoTable')}
        </button>
      </div>
    </div>
  );
}

/** Keyboard on a focused card: Enter selects it (again: to its settings), Space toggles, Alt with an arrow moves it. */
export function cardKeys(e: KeyboardEvent, key: string, a: CardActions): void {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    if (e.key === 'Enter' && a.selected === key) a.edit(key);
    else a.select(key);
    return;
  }
  const dir = ({ ArrowUp: 'up', ArrowDown: 'down', ArrowLeft: 'left', ArrowRight: 'right' } as Record<string, Direction>)[e.key];
  if (dir && e.altKey && a.canMove(key, dir)) {
    e.preventDefault();
    a.move(key, dir);
  }
}

export function FieldCard(props: { f: DField; inTable: boolean; selected: boolean; hasError: boolean; a: CardActions }) {
  const { f, a } = props;
  const label = f.prop.label || f.prop.code;
  return (
    <div
      class={`field-card${props.selected ? ' selected' : ''}${props.hasError ? ' has-error' : ''}`}
      data-item={f.key}
      draggable
      onDragStart={(e) => {
        e.stopPropagation();
        startDrag(e, { kind: 'move', key: f.key, type: f.prop.type });
      }}
      onDragEnd={endDrag}
    >
      <div
        class="field-card-main"
        id={`card-${f.key}`}
        role="button"
        tabIndex={0}
        aria-pressed={props.selected}
        aria-label={t('builder.card.label', { label, type: t(`builder.type.${f.prop.type}`) })}
        aria-describedby="card-help"
        onClick={() => a.select(f.key)}
        onKeyDown={(e) => cardKeys(e, f.key, a)}
      >
        <TypeIcon type={f.prop.type} />
        <span class="field-card-text">
          <span class="field-card-label">
            <span class="field-card-name">{label}</span>
            {f.prop.required && (
              <span class="b-req" title={t('common.required')}>
                *
              </span>
            )}
            {f.prop.unique && <span class="b-badge">{t('builder.badge.unique')}</span>}
            {f.orig === null && <span class="b-badge b-badge-new">{t('builder.badge.new')}</span>}
            {props.hasError && <span class="b-badge b-badge-error">{t('builder.badge.error')}</span>}
          </span>
          <span class="field-card-meta">
            {t(`builder.type.${f.prop.type}`)} · <code>{f.prop.code}</code>
          </span>
        </span>
      </div>
      {props.selected && <CardTools f={f} inTable={props.inTable} a={a} />}
    </div>
  );
}
