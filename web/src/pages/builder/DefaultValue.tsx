// The default value of a field, typed by the field's type: text, number, a choice or
// several, a date or time (or "the moment the record is added"), the signed-in user.
import type { FieldProperty } from '../../api/types';
import { t } from '../../i18n';
import { optionNames, typeInfo } from './fieldTypes';

type Change = (patch: Partial<FieldProperty>) => void;

const LOGIN_USER = { code: 'LOGINUSER()', type: 'FUNCTION' };

/** A UTC date-time as the value of <input type="datetime-local"> in local time. */
function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (!iso || Number.isNaN(d.getTime())) return '';
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`;
}

function fromLocalInput(v: string): string {
  const d = new Date(v);
  return !v || Number.isNaN(d.getTime()) ? '' : d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function DefaultValue({ p, id, errors, onChange }: { p: FieldProperty; id: string; errors: string[]; onChange: Change }) {
  const kind = typeInfo(p.type).defaultKind;
  if (kind === 'none') return null;
  const dv = p.defaultValue;
  const text = typeof dv === 'string' ? dv : '';
  const list = Array.isArray(dv) ? (dv as unknown[]) : [];
  const invalid = errors.length > 0;
  const described = invalid ? `${id}-err` : undefined;
  const errs = invalid && (
    <div id={`${id}-err`}>
      {errors.map((m) => (
        <p class="field-error" key={m}>
          {m}
        </p>
      ))}
    </div>
  );
  const names = optionNames(p);
  if (kind === 'option' && p.type === 'RADIO_BUTTON') {
    return (
      <fieldset class="default-choices" aria-describedby={described}>
        <legend>{t('builder.default.title')}</legend>
        {['', ...names].map((n) => (
          <label key={n || '-'} class="b-check">
            <input type="radio" name={`${id}-radio`} checked={text === n} onChange={() => onChange({ defaultValue: n })} />
            {n || t('builder.default.none')}
          </label>
        ))}
        {errs}
      </fieldset>
    );
  }
  if (kind === 'options') {
    return (
      <fieldset class="default-choices" aria-describedby={described}>
        <legend>{t('builder.default.title')}</legend>
        {names.map((n) => (
          <label key={n} class="b-check">
            <input
              type="checkbox"
              checked={list.includes(n)}
              onChange={(e) => onChange({ defaultValue: e.currentTarget.checked ? names.filter((x) => x === n || list.includes(x)) : (list as string[]).filter((x) => x !== n) })}
            />
            {n}
          </label>
        ))}
        {errs}
      </fieldset>
    );
  }
  if (kind === 'user') {
    const login = list.some((x) => (x as { code?: string }).code === 'LOGINUSER()');
    const others = (list as { code: string; type: string }[]).filter((x) => x.code !== 'LOGINUSER()');
    return (
      <fieldset class="default-choices" aria-describedby={described}>
        <legend>{t('builder.default.title')}</legend>
        <label class="b-check">
          <input type="checkbox" checked={login} onChange={(e) => onChange({ defaultValue: e.currentTarget.checked ? [LOGIN_USER, ...others] : others })} />
          {t('builder.default.loginUser')}
        </label>
        {others.length > 0 && <p class="hint">{t('builder.default.users', { users: others.map((x) => x.code).join(', ') })}</p>}
        {errs}
      </fieldset>
    );
  }
  let control;
  const common = { id, 'aria-invalid': invalid, 'aria-describedby': described };
  if (kind === 'option') {
    control = (
      <select {...common} value={text} onChange={(e) => onChange({ defaultValue: e.currentTarget.value })}>
        <option value="">{t('builder.default.none')}</option>
        {names.map((n) => (
          <option key={n} value={n}>
            {n}
          </option>
        ))}
      </select>
    );
  } else if (kind === 'multiline') {
    control = <textarea {...common} value={text} onInput={(e) => onChange({ defaultValue: e.currentTarget.value })} />;
  } else if (kind === 'date' || kind === 'time' || kind === 'datetime') {
    const now = !!p.defaultNowValue;
    control = (
      <>
        <label class="b-check">
          <input type="checkbox" checked={now} onChange={(e) => onChange({ defaultNowValue: e.currentTarget.checked, ...(e.currentTarget.checked ? { defaultValue: '' } : {}) })} />
          {t(`builder.default.now.${kind}`)}
        </label>
        <input
          {...common}
          type={kind === 'datetime' ? 'datetime-local' : kind}
          disabled={now}
          value={kind === 'datetime' ? toLocalInput(text) : text}
          onInput={(e) => onChange({ defaultValue: kind === 'datetime' ? fromLocalInput(e.currentTarget.value) : e.currentTarget.value })}
        />
      </>
    );
  } else {
    control = <input {...common} inputMode={kind === 'number' ? 'decimal' : undefined} value={text} onInput={(e) => onChange({ defaultValue: e.currentTarget.value })} />;
  }
  return (
    <div class="b-setting">
      <label for={id}>{t('builder.default.title')}</label>
      {control}
      {errs}
    </div>
  );
}
