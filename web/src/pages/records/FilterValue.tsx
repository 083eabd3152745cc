// The value part of one filter condition, shaped by the field's type: options as
// checkboxes, users with "the signed-in user", dates as a fixed day or a period relative
// to today (TODAY(), THIS_MONTH(), FROM_TODAY(-7, DAYS) ...), times, numbers and text.
import type { FieldProperty, UserRef } from '../../api/types';
import { t } from '../../i18n';
import { options } from './fields/FieldInput';
import { UserPicker } from './fields/UserPicker';
import type { Op, Val } from './queryBuild';

const DATE_TYPES = new Set(['DATE', 'DATETIME', 'CREATED_TIME', 'UPDATED_TIME']);
const USER_TYPES = new Set(['USER_SELECT', 'CREATOR', 'MODIFIER']);
const CHOICE_TYPES = new Set(['RADIO_BUTTON', 'DROP_DOWN', 'CHECK_BOX', 'MULTI_SELECT']);

export const DATE_FNS = [
  'TODAY()', 'YESTERDAY()', 'TOMORROW()', 'THIS_WEEK()', 'LAST_WEEK()', 'NEXT_WEEK()',
  'THIS_MONTH()', 'LAST_MONTH()', 'NEXT_MONTH()', 'THIS_YEAR()', 'LAST_YEAR()', 'NEXT_YEAR()',
];
const UNITS = ['DAYS', 'WEEKS', 'MONTHS', 'YEARS'];

export function FilterValue(p: { id: string; prop: FieldProperty; op: Op; values: Val[]; onChange: (v: Val[]) => void }) {
  const { prop, op } = p;
  if (op === 'is empty' || op === 'is not empty') return null;
  const label = t('filter.value');
  if (CHOICE_TYPES.has(prop.type)) {
    const chosen = new Set(p.values.map((v) => v.v));
    return (
      <fieldset class="filter-choices">
        <legend class="sr-only">{label}</legend>
        {options(prop).map((o) => (
          <label key={o} class="choice-item">
            <input
              type="checkbox"
              checked={chosen.has(o)}
              onChange={(e) => p.onChange(e.currentTarget.checked ? [...p.values, { v: o }] : p.values.filter((v) => v.v !== o))}
            />
            {o}
          </label>
        ))}
      </fieldset>
    );
  }
  if (USER_TYPES.has(prop.type)) {
    const me = p.values.some((v) => v.fn && v.v === 'LOGINUSER()');
    const users: UserRef[] = p.values.filter((v) => !v.fn).map((v) => ({ code: v.v, name: v.v }));
    return (
      <div class="filter-users">
        <UserPicker id={p.id} label={label} value={users} onChange={(u) => p.onChange([...(me ? [{ fn: true, v: 'LOGINUSER()' }] : []), ...u.map((x) => ({ v: x.code }))])} />
        <label class="choice-item">
          <input
            type="checkbox"
            checked={me}
            onChange={(e) => p.onChange(e.currentTarget.checked ? [{ fn: true, v: 'LOGINUSER()' }, ...p.values] : p.values.filter((v) => !v.fn))}
          />
          {t('filter.loginUser')}
        </label>
      </div>
    );
  }
  const v = p.values[0] || { v: '' };
  if (DATE_TYPES.has(prop.type)) return <DateValue id={p.id} withNow={prop.type !== 'DATE'} value={v} onChange={(x) => p.onChange([x])} />;
  if (prop.type === 'TIME')
    return <input id={p.id} type="time" aria-label={label} class="time-input" value={v.v} onInput={(e) => p.onChange([{ v: e.currentTarget.value }])} />;
  const numeric = ['NUMBER', 'RECORD_NUMBER', '__ID__', '__REVISION__'].includes(prop.type);
  return (
    <input
      id={p.id}
      type="text"
      inputMode={numeric ? 'decimal' : undefined}
      aria-label={label}
      value={v.v}
      placeholder={op === 'like' || op === 'not like' ? t('filter.keyword') : ''}
      onInput={(e) => p.onChange([{ v: e.currentTarget.value, num: numeric || undefined }])}
    />
  );
}

function DateValue(p: { id: string; withNow: boolean; value: Val; onChange: (v: Val) => void }) {
  const fromToday = p.value.fn ? /^FROM_TODAY\(\s*(-?\d+)\s*,\s*(\w+)\s*\)$/i.exec(p.value.v) : null;
  const mode = !p.value.fn ? 'date' : fromToday ? 'from' : p.value.v;
  const fns = p.withNow ? [...DATE_FNS, 'NOW()'] : DATE_FNS;
  const known = mode === 'date' || mode === 'from' || fns.includes(mode);
  return (
    <div class="filter-date">
      <select
        id={p.id}
        aria-label={t('filter.dateKind')}
        value={known ? mode : 'other'}
        onChange={(e) => {
          const m = e.currentTarget.value;
          if (m === 'date') p.onChange({ v: '' });
          else if (m === 'from') p.onChange({ fn: true, v: 'FROM_TODAY(-7, DAYS)' });
          else p.onChange({ fn: true, v: m });
        }}
      >
        <option value="date">{t('filter.fixedDate')}</option>
        {fns.map((f) => (
          <option key={f} value={f}>
            {t(`filter.fn.${f.replace('()', '')}`)}
          </option>
        ))}
        <option value="from">{t('filter.fromToday')}</option>
        {!known && <option value="other">{p.value.v}</option>}
      </select>
      {mode === 'date' && <input type="date" class="date-input" aria-label={t('filter.date')} value={p.value.v} onInput={(e) => p.onChange({ v: e.currentTarget.value })} />}
      {fromToday && (
        <>
          <input
            type="number"
            class="small-number"
            aria-label={t('filter.amount')}
            value={fromToday[1]}
            onInput={(e) => p.onChange({ fn: true, v: `FROM_TODAY(${parseInt(e.currentTarget.value, 10) || 0}, ${fromToday[2].toUpperCase()})` })}
          />
          <select
            aria-label={t('filter.unit')}
            value={fromToday[2].toUpperCase()}
            onChange={(e) => p.onChange({ fn: true, v: `FROM_TODAY(${fromToday[1]}, ${e.currentTarget.value})` })}
          >
            {UNITS.map((u) => (
              <option key={u} value={u}>
                {t(`filter.unit.${u}`)}
              </option>
            ))}
          </select>
        </>
      )}
    </div>
  );
}
