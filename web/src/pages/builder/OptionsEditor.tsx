// The choices of a selection field (radio buttons, check boxes, multi-select, drop-down):
// add, rename, remove and reorder them. Names must be present and different from each
// other; the field takes a new list only when it is valid, so a half-typed duplicate
// never loses a choice. A rename is reported as such, so defaults follow the renamed choice.
import { useState } from 'preact/hooks';
import { t } from '../../i18n';

export function OptionsEditor(props: { id: string; names: string[]; errors: string[]; onChange: (names: string[], renamed: boolean) => void }) {
  const [list, setList] = useState<string[]>(props.names);
  const [focusAt, setFocusAt] = useState<number | null>(null);
  const problems = list.map((n, i) => (n.trim() === '' ? t('builder.options.blank') : list.indexOf(n) !== i ? t('builder.options.dup') : ''));
  const push = (next: string[], renamed = false) => {
    setList(next);
    const valid = next.length > 0 && next.every((n, i) => n.trim() !== '' && next.indexOf(n) === i);
    if (valid) props.onChange(next, renamed);
  };
  const focus = (i: number, what: 'input' | 'up' | 'down' = 'input') => {
    setFocusAt(i);
    requestAnimationFrame(() => {
      const el = document.getElementById(what === 'input' ? `${props.id}-${i}` : `${props.id}-${what}-${i}`) as HTMLButtonElement | HTMLInputElement | null;
      (el && !el.disabled ? el : (document.getElementById(`${props.id}-${i}`) as HTMLElement | null))?.focus();
    });
  };
  const move = (i: number, d: number, what: 'up' | 'down') => {
    const next = [...list];
    const [x] = next.splice(i, 1);
    next.splice(i + d, 0, x);
    push(next);
    focus(i + d, what);
  };
  return (
    <fieldset class="options-editor" aria-describedby={props.errors.length ? `${props.id}-err` : undefined}>
      <legend>{t('builder.options.title')}</legend>
      <ol class="options-list">
        {list.map((n, i) => (
          <li key={i} class={focusAt === i ? 'current' : ''}>
            <input
              id={`${props.id}-${i}`}
              value={n}
              aria-label={t('builder.options.name', { n: i + 1 })}
              aria-invalid={problems[i] !== ''}
              onInput={(e) => {
                const next = [...list];
                next[i] = e.currentTarget.value;
                push(next, true);
              }}
            />
            <button type="button" id={`${props.id}-up-${i}`} class="small b-icon-button" disabled={i === 0} aria-label={t('builder.options.up', { name: n })} title={t('builder.options.up', { name: n })} onClick={() => move(i, -1, 'up')}>
              ↑
            </button>
            <button type="button" id={`${props.id}-down-${i}`} class="small b-icon-button" disabled={i === list.length - 1} aria-label={t('builder.options.down', { name: n })} title={t('builder.options.down', { name: n })} onClick={() => move(i, 1, 'down')}>
              ↓
            </button>
            <button
              type="button"
              class="small b-icon-button"
              disabled={list.length === 1}
              aria-label={t('builder.options.remove', { name: n })}
              title={t('builder.options.remove', { name: n })}
              onClick={() => {
                push(list.filter((_, j) => j !== i));
                focus(Math.max(0, i - 1));
              }}
            >
              ×
            </button>
            {problems[i] && <span class="field-error option-problem">{problems[i]}</span>}
          </li>
        ))}
      </ol>
      <button
        type="button"
        class="small"
        onClick={() => {
          let n = list.length + 1;
          while (list.includes(t('builder.option.sample', { n }))) n++;
          push([...list, t('builder.option.sample', { n })]);
          focus(list.length);
        }}
      >
        {t('builder.options.add')}
      </button>
      {props.errors.length > 0 && (
        <div id={`${props.id}-err`}>
          {props.errors.map((m) => (
            <p class="field-error" key={m}>
              {m}
            </p>
          ))}
        </div>
      )}
    </fieldset>
  );
}
