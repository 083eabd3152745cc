// Choosing the list's columns and their order: shown fields first (with up and down),
// then the others to add. Used for the current list and when saving a view.
import type { Properties } from '../../api/types';
import { t } from '../../i18n';

export function ColumnChooser(p: { props: Properties; order: string[]; value: string[]; onChange: (cols: string[]) => void }) {
  const shown = p.value.filter((c) => p.props[c]);
  const hidden = p.order.filter((c) => !shown.includes(c) && p.props[c] && p.props[c].type !== 'SUBTABLE');
  const move = (i: number, d: number) => {
    const next = [...shown];
    [next[i], next[i + d]] = [next[i + d], next[i]];
    p.onChange(next);
  };
  return (
    <div class="column-chooser">
      <div>
        <h3 id="cols-shown">{t('cols.shown')}</h3>
        <ul class="col-list" aria-labelledby="cols-shown">
          {shown.map((c, i) => (
            <li key={c}>
              <label class="choice-item">
                <input type="checkbox" checked onChange={() => p.onChange(shown.filter((x) => x !== c))} />
                {p.props[c].label}
              </label>
              <span class="col-move">
                <button type="button" class="small" disabled={i === 0} aria-label={t('cols.up', { label: p.props[c].label })} onClick={() => move(i, -1)}>
                  ↑
                </button>
                <button type="button" class="small" disabled={i === shown.length - 1} aria-label={t('cols.down', { label: p.props[c].label })} onClick={() => move(i, 1)}>
                  ↓
                </button>
              </span>
            </li>
          ))}
        </ul>
      </div>
      {hidden.length > 0 && (
        <div>
          <h3 id="cols-hidden">{t('cols.hidden')}</h3>
          <ul class="col-list" aria-labelledby="cols-hidden">
            {hidden.map((c) => (
              <li key={c}>
                <label class="choice-item">
                  <input type="checkbox" checked={false} onChange={() => p.onChange([...shown, c])} />
                  {p.props[c].label}
                </label>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
