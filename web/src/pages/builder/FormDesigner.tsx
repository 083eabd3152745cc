// The form tab: the palette, the canvas (or the preview), the selected field's settings
// and saving. Every drag has a button or key that does the same, and each change is
// announced to screen readers.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import type { FieldType } from '../../api/types';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { t } from '../../i18n';
import { Canvas } from './Canvas';
import type { Dragged } from './dnd';
import { Placement, type CardActions } from './FieldCard';
import { FieldSettings } from './FieldSettings';
import { isSystem, newProperty } from './fieldTypes';
import { FormPreview } from './FormPreview';
import {
  allFields, codesInUse, findField, locate, makeField, moveIntoTable, moveOutOfTable, moveTo, placeNew, removeItem, step, updateField,
  type DField, type Direction, type Form, type Target,
} from './model';
import { suggestCode } from './codes';
import { Palette } from './Palette';
import type { FormDraft } from './useFormDraft';

function where(form: Form, key: string): string {
  const loc = locate(form, key);
  if (!loc) return '';
  if (loc.inTable) {
    const r = form.rows[loc.row] as Extract<Form['rows'][number], { kind: 'table' }>;
    return t('builder.where.table', { table: r.table.prop.label, n: loc.index + 1, of: r.inner.length });
  }
  if (loc.index < 0) return t('builder.where.row', { row: loc.row + 1, n: 1, of: 1 });
  const r = form.rows[loc.row] as Extract<Form['rows'][number], { kind: 'row' }>;
  return t('builder.where.row', { row: loc.row + 1, n: loc.index + 1, of: r.items.length });
}

export function FormDesigner({ d, reveal, onRevealed }: { d: FormDraft; reveal?: string | null; onRevealed?: () => void }) {
  const [selected, setSelected] = useState<string | null>(null);
  const [mode, setMode] = useState<'design' | 'preview'>('design');
  const [confirm, setConfirm] = useState<DField | null>(null);
  const [said, setSaid] = useState('');
  const [savedNote, setSavedNote] = useState(false);
  const focusNext = useRef<string | null>(null);
  const form = d.form;

  useLayoutEffect(() => {
    const id = focusNext.current;
    if (!id) return;
    focusNext.current = null;
    const el = document.getElementById(id) as HTMLButtonElement | null;
    const fallback = selected ? document.getElementById(`card-${selected}`) : null;
    (el && !el.disabled ? el : fallback)?.focus();
  });
  // When a save fails, show the first field the server complained about.
  useEffect(() => {
    const first = Object.keys(d.fieldErrors).find((k) => Object.values(d.fieldErrors[k]).some((v) => v.length));
    if (first) setSelected(first);
  }, [d.fieldErrors]);

  // Asked to show a field (by code), e.g. from a failed deployment's reasons.
  useEffect(() => {
    if (!reveal || d.loading) return;
    const f = allFields(d.form).find((x) => x.field.prop.code === reveal || x.field.orig === reveal);
    onRevealed?.();
    if (!f) return;
    setMode('design');
    setSelected(f.field.key);
    // After the dialog that asked has closed and given the focus back.
    setTimeout(() => {
      const el = document.getElementById(`card-${f.field.key}`);
      el?.scrollIntoView({ block: 'center' });
      el?.focus();
    }, 50);
  }, [reveal, d.loading]);

  const errorKeys = useMemo(() => new Set(Object.keys(d.fieldErrors).filter((k) => Object.values(d.fieldErrors[k]).some((v) => v.length))), [d.fieldErrors]);
  const tables = form.rows.flatMap((r) => (r.kind === 'table' ? [r.table] : []));
  const change = (next: Form | null, msg?: string, focus?: string) => {
    if (!next) return;
    setSavedNote(false);
    d.setForm(next);
    if (msg) setSaid(msg);
    if (focus) focusNext.current = focus;
  };
  const labelOf = (key: string) => {
    const f = findField(form, key);
    return f ? f.prop.label || f.prop.code : '';
  };
  const newField = (type: FieldType): DField => {
    const label = t(`builder.type.${type}`);
    const code = suggestCode(label, codesInUse(form));
    return makeField(newProperty(type, code, label, (n) => t('builder.option.sample', { n })));
  };
  const select = (key: string | null) => {
    setSelected(key);
    if (key && window.matchMedia && window.matchMedia('(max-width: 900px)').matches)
      requestAnimationFrame(() => document.getElementById('field-settings-anchor')?.scrollIntoView({ block: 'start' }));
  };

  const drop = (what: Dragged, target: Target) => {
    if (what.kind === 'move') {
      const next = moveTo(form, what.key, target);
      change(next, next ? t('builder.said.moved', { label: labelOf(what.key), where: where(next, what.key) }) : undefined, `card-${what.key}`);
      if (next) setSelected(what.key);
      return;
    }
    const f = what.kind === 'new' ? newField(what.type) : form.unplaced.find((u) => u.key === what.key);
    if (!f) return;
    const next = placeNew(form, f, target);
    if (!next) return;
    change(next, t('builder.said.added', { label: f.prop.label, where: where(next, f.key) }), `card-${f.key}`);
    setSelected(f.key);
  };
  const addAtEnd = (type: FieldType) => {
    setMode('design');
    drop({ kind: 'new', type }, { kind: 'newRow', before: form.rows.length });
  };
  const a: CardActions = {
    tables,
    selected,
    edit: (key) => {
      setSelected(key);
      requestAnimationFrame(() => document.getElementById(`fs-${key}-label`)?.focus());
    },
    select: (key) => select(selected === key ? null : key),
    canMove: (key, dir) => step(form, key, dir) !== null,
    move: (key: string, dir: Direction) => {
      const next = step(form, key, dir);
      // Keep the focus where it was: on the card (Alt+arrow) or on the button pressed.
      const onCard = document.activeElement?.id === `card-${key}`;
      change(next, next ? t('builder.said.moved', { label: labelOf(key), where: where(next, key) }) : undefined, onCard ? `card-${key}` : `mv-${dir}-${key}`);
    },
    intoTable: (key, tableKey) => {
      const next = moveIntoTable(form, key, tableKey);
      change(next, next ? t('builder.said.moved', { label: labelOf(key), where: where(next, key) }) : undefined, `card-${key}`);
    },
    outOfTable: (key) => {
      const next = moveOutOfTable(form, key);
      change(next, next ? t('builder.said.moved', { label: labelOf(key), where: where(next, key) }) : undefined, `card-${key}`);
    },
    remove: (key) => {
      const f = findField(form, key);
      if (f && isSystem(f.prop.type)) {
        change(removeItem(form, key), t('builder.said.unplaced', { label: labelOf(key) }));
        setSelected(null);
      } else if (f) setConfirm(f);
      else change(removeItem(form, key));
    },
  };
  const addToTable = (tableKey: string, type: FieldType) => {
    const loc = locate(form, tableKey);
    if (!loc) return;
    const f = newField(type);
    const r = form.rows[loc.row] as Extract<Form['rows'][number], { kind: 'table' }>;
    const next = placeNew(form, f, { kind: 'inRow', row: loc.row, index: r.inner.length });
    change(next, next ? t('builder.said.added', { label: f.prop.label, where: where(next!, f.key) }) : undefined, `card-${f.key}`);
    if (next) setSelected(f.key);
  };

  if (d.loading) return <Spinner />;
  if (d.loadError) return <ErrorMessage error={d.loadError} onRetry={d.reload} />;

  const sel = selected ? allFields(form).find((x) => x.field.key === selected) : undefined;
  // Codes other fields use (a code used twice is reported on both).
  const others = new Set(allFields(form).filter((x) => x.field.key !== selected).map((x) => x.field.prop.code));
  const save = async () => {
    setSavedNote(false);
    if (await d.save()) {
      setSavedNote(true);
      setSaid(t('builder.said.saved'));
    }
  };
  return (
    <div class={`designer${sel ? ' with-settings' : ''}`}>
      <Palette unplaced={form.unplaced} onAdd={addAtEnd} onPlaceSystem={(key) => drop({ kind: 'system', key }, { kind: 'newRow', before: form.rows.length })} />
      <section class="designer-main" aria-label={t('builder.canvas.title')}>
        <div class="designer-toolbar">
          <div class="b-segmented" role="group" aria-label={t('builder.view.label')}>
            <button type="button" aria-pressed={mode === 'design'} onClick={() => setMode('design')}>
              {t('builder.view.design')}
            </button>
            <button type="button" aria-pressed={mode === 'preview'} onClick={() => setMode('preview')}>
              {t('builder.view.preview')}
            </button>
          </div>
          <span class={`save-state${d.dirty ? ' dirty' : ''}`}>{d.dirty ? t('builder.form.unsaved') : savedNote ? t('builder.form.saved') : t('builder.form.clean')}</span>
          <button type="button" class="primary" disabled={d.saving || !d.dirty} onClick={save}>
            {d.saving ? t('builder.saving') : t('builder.form.save')}
          </button>
        </div>
        {d.saveError ? (
          <div class="save-error">
            <ErrorMessage error={d.saveError} />
            {d.saveError instanceof ApiError && d.saveError.code === 'GAIA_CO02' && (
              <p>
                <button type="button" onClick={d.reload}>
                  {t('builder.save.reload')}
                </button>{' '}
                <span class="hint">{t('builder.save.reloadHint')}</span>
              </p>
            )}
            {errorKeys.size > 0 && <p class="hint">{t('builder.save.seeMarked')}</p>}
            {d.errorDetails.length > 0 && (
              <ul class="error-details">
                {d.errorDetails.map((m) => (
                  <li key={m}>{m}</li>
                ))}
              </ul>
            )}
          </div>
        ) : null}
        {mode === 'design' ? <Canvas form={form} selected={selected} errorKeys={errorKeys} a={a} drop={drop} addToTable={addToTable} /> : <FormPreview form={form} />}
        <p class="visually-hidden" aria-live="polite">
          {said}
        </p>
      </section>
      <div id="field-settings-anchor" class="settings-col">
        {sel ? (
          <FieldSettings
            key={sel.field.key}
            f={sel.field}
            inTable={sel.table !== null}
            moved={
              sel.field.orig !== null &&
              (sel.table ? sel.field.origTable === null || sel.table.orig === null || sel.field.origTable !== sel.table.orig : sel.field.origTable !== null)
            }
            errors={d.fieldErrors[sel.field.key] || {}}
            taken={others}
            onChange={(patch, extra) => change(updateField(form, sel.field.key, patch, extra))}
            onClearError={(setting) => d.clearError(sel.field.key, setting)}
            onDelete={() => a.remove(sel.field.key)}
            placement={<Placement f={sel.field} inTable={sel.table !== null} a={a} />}
            onClose={() => {
              const k = sel.field.key;
              setSelected(null);
              focusNext.current = `card-${k}`;
            }}
          />
        ) : (
          <p class="settings-placeholder muted">{t('builder.settings.pick')}</p>
        )}
      </div>
      <Dialog
        title={t('builder.delete.title')}
        open={confirm !== null}
        onClose={() => setConfirm(null)}
        footer={
          <>
            <button type="button" onClick={() => setConfirm(null)}>
              {t('common.cancel')}
            </button>
            <button
              type="button"
              class="danger"
              onClick={() => {
                const f = confirm!;
                setConfirm(null);
                change(removeItem(form, f.key), t('builder.said.deleted', { label: f.prop.label }));
                setSelected(null);
              }}
            >
              {t('builder.delete.confirm')}
            </button>
          </>
        }
      >
        {confirm && <p>{t(confirm.orig === null ? 'builder.delete.bodyNew' : confirm.prop.type === 'SUBTABLE' ? 'builder.delete.bodyTable' : 'builder.delete.bodySaved', { label: confirm.prop.label || confirm.prop.code })}</p>}
      </Dialog>
    </div>
  );
}
