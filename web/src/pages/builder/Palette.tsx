// The palette: every field type the server supports, and the system fields not yet on
// the form. Drag one onto the form, or press it (mouse, keyboard, finger) to add it at
// the end. On narrow screens it folds up above the form.
import { useState } from 'preact/hooks';
import type { FieldType } from '../../api/types';
import { t } from '../../i18n';
import { endDrag, startDrag } from './dnd';
import { FIELD_TYPES } from './fieldTypes';
import type { DField } from './model';
import { TypeIcon } from './TypeIcon';

/** Enter and Space act as a click, as on a button (a real <button> cannot be dragged in every browser). */
function press(e: KeyboardEvent, act: () => void) {
  if (e.key === 'Enter' || e.key === ' ') {
    e.preventDefault();
    act();
  }
}

export function Palette(props: { unplaced: DField[]; onAdd: (type: FieldType) => void; onPlaceSystem: (key: string) => void }) {
  const [open, setOpen] = useState(() => !window.matchMedia || window.matchMedia('(min-width: 901px)').matches);
  return (
    <details class="palette" open={open} onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary class="palette-summary">
        <span>{t('builder.palette.title')}</span>
      </summary>
      <p class="hint palette-hint">{t('builder.palette.hint')}</p>
      <ul class="palette-list" aria-label={t('builder.palette.types')}>
        {FIELD_TYPES.map((x) => (
          <li key={x.type}>
            <div
              role="button"
              tabIndex={0}
              class="palette-item"
              draggable
              data-type={x.type}
              aria-describedby={`pal-desc-${x.type}`}
              onDragStart={(e) => startDrag(e, { kind: 'new', type: x.type })}
              onDragEnd={endDrag}
              onClick={() => props.onAdd(x.type)}
              onKeyDown={(e) => press(e, () => props.onAdd(x.type))}
            >
              <TypeIcon type={x.type} />
              <span class="palette-text">
                <span class="palette-name">{t(`builder.type.${x.type}`)}</span>
                <span class="palette-desc" id={`pal-desc-${x.type}`}>
                  {t(`builder.typeDesc.${x.type}`)}
                </span>
              </span>
            </div>
          </li>
        ))}
      </ul>
      {props.unplaced.length > 0 && (
        <>
          <h3 class="palette-sub">{t('builder.palette.system')}</h3>
          <ul class="palette-list" aria-label={t('builder.palette.system')}>
            {props.unplaced.map((f) => (
              <li key={f.key}>
                <div
                  role="button"
                  tabIndex={0}
                  class="palette-item palette-system"
                  draggable
                  aria-describedby={`pal-desc-${f.key}`}
                  onDragStart={(e) => startDrag(e, { kind: 'system', key: f.key })}
                  onDragEnd={endDrag}
                  onClick={() => props.onPlaceSystem(f.key)}
                  onKeyDown={(e) => press(e, () => props.onPlaceSystem(f.key))}
                >
                  <TypeIcon type={f.prop.type} />
                  <span class="palette-text">
                    <span class="palette-name">{f.prop.label}</span>
                    <span class="palette-desc" id={`pal-desc-${f.key}`}>
                      {t(`builder.type.${f.prop.type}`)}
                    </span>
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </details>
  );
}
