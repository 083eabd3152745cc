// One field in the record form: its label (with the required mark), the control for its
// type, and the server's messages for it, tied to the control for screen readers.
// In a subtable the label is the column header, so it is only given to screen readers.
import type { FieldProperty, FileRef, RecordValue, SubtableRow, UserRef } from '../../../api/types';
import { t } from '../../../i18n';
import { FileField } from './FileField';
import { RichTextInput } from './RichTextInput';
import { SubtableEditor } from './SubtableEditor';
import { UserPicker } from './UserPicker';
import { localInputToUtc, utcToLocalInput } from './values';

export interface FieldInputProps {
  prop: FieldProperty;
  value: RecordValue;
  onChange: (v: RecordValue) => void;
  id: string;
  /** Messages for this field (and, for a subtable, per cell: "table/row/inner"). */
  errors?: Record<string, string[]>;
  /** The errors key of this field ("code", or "table/row/inner" in a subtable). */
  errorKey?: string;
  /** In a subtable cell: the label is for screen readers only. */
  cell?: boolean;
  onBusy?: (delta: number) => void;
}

export function options(p: FieldProperty): string[] {
  return Object.entries(p.options || {})
    .sort((a, b) => Number(a[1].index) - Number(b[1].index))
    .map(([k, o]) => o.label || k);
}

const GROUPED = new Set(['RADIO_BUTTON', 'CHECK_BOX', 'MULTI_SELECT']);

function RequiredMark() {
  return (
    <span class="req" title={t('common.required')}>
      <span aria-hidden="true">*</span>
      <span class="sr-only">{t('common.required')}</span>
    </span>
  );
}

export function FieldInput(p: FieldInputProps) {
  const { prop } = p;
  const msgs = p.errors?.[p.errorKey ?? prop.code] || [];
  const errId = msgs.length ? `${p.id}-err` : undefined;
  const hint = hintText(prop);
  const hintId = hint && !p.cell ? `${p.id}-hint` : undefined;
  const describedBy = [errId, hintId].filter(Boolean).join(' ') || undefined;
  const invalid = msgs.length > 0;
  const labelText = (
    <>
      {prop.label}
      {prop.required && <RequiredMark />}
    </>
  );
  const errors = msgs.length > 0 && (
    <div id={errId} class="field-error">
      {msgs.map((m) => (
        <p key={m}>{m}</p>
      ))}
    </div>
  );
  const hintEl = hintId && (
    <p id={hintId} class="hint">
      {hint}
    </p>
  );
  if (GROUPED.has(prop.type)) {
    return (
      <fieldset class={`field-input choice ${prop.align === 'VERTICAL' ? 'vertical' : ''}`} aria-describedby={describedBy} aria-invalid={invalid || undefined}>
        <legend class={p.cell ? 'sr-only' : 'field-label'}>{labelText}</legend>
        <Choice {...p} />
        {errors}
      </fieldset>
    );
  }
  if (prop.type === 'SUBTABLE') {
    return (
      <section class="field-input subtable-field" aria-labelledby={`${p.id}-label`}>
        <h3 id={`${p.id}-label`} class="field-label">
          {labelText}
        </h3>
        <SubtableEditor table={prop} rows={(p.value as SubtableRow[]) || []} onChange={p.onChange} id={p.id} errors={p.errors || {}} onBusy={p.onBusy} />
        {errors}
      </section>
    );
  }
  return (
    <div class="field-input">
      <label id={`${p.id}-label`} for={p.id} class={p.cell ? 'sr-only' : 'field-label'}>
        {labelText}
      </label>
      <Control {...p} invalid={invalid} describedBy={describedBy} />
      {hintEl}
      {errors}
    </div>
  );
}

/** The limits a person should know before typing (length, range). */
function hintText(p: FieldProperty): string {
  if (p.type === 'NUMBER' && (p.minValue || p.maxValue)) return t('rec.range', { min: p.minValue || '—', max: p.maxValue || '—' });
  if ((p.type === 'SINGLE_LINE_TEXT' || p.type === 'MULTI_LINE_TEXT') && (p.minLength || p.maxLength))
    return t('rec.length', { min: p.minLength || '0', max: p.maxLength || '—' });
  return '';
}

function Choice(p: FieldInputProps) {
  const opts = options(p.prop);
  if (p.prop.type === 'RADIO_BUTTON') {
    return (
      <div class="choices">
        {opts.map((o, i) => (
          <label key={o} class="choice-item">
            <input type="radio" name={p.id} id={i === 0 ? p.id : undefined} checked={p.value === o} onChange={() => p.onChange(o)} />
            {o}
          </label>
        ))}
      </div>
    );
  }
  const sel = (p.value as string[]) || [];
  const toggle = (o: string, on: boolean) => p.onChange(on ? opts.filter((x) => x === o || sel.includes(x)) : sel.filter((x) => x !== o));
  return (
    <div class={p.prop.type === 'MULTI_SELECT' ? 'choices multi-box' : 'choices'}>
      {opts.map((o, i) => (
        <label key={o} class="choice-item">
          <input type="checkbox" id={i === 0 ? p.id : undefined} checked={sel.includes(o)} onChange={(e) => toggle(o, e.currentTarget.checked)} />
          {o}
        </label>
      ))}
    </div>
  );
}

function Control(p: FieldInputProps & { invalid: boolean; describedBy?: string }) {
  const { prop } = p;
  const common = {
    id: p.id,
    'aria-invalid': p.invalid || undefined,
    'aria-describedby': p.describedBy,
    'aria-required': prop.required || undefined,
  };
  const str = (p.value as string) ?? '';
  const onText = (e: Event) => p.onChange((e.currentTarget as HTMLInputElement).value);
  switch (prop.type) {
    case 'MULTI_LINE_TEXT':
      return <textarea {...common} rows={p.cell ? 2 : 4} value={str} onInput={onText} />;
    case 'RICH_TEXT':
      return <RichTextInput id={p.id} labelledBy={`${p.id}-label`} value={str} onChange={p.onChange} invalid={p.invalid} describedBy={p.describedBy} />;
    case 'NUMBER': {
      const input = <input {...common} type="text" inputMode="decimal" class="num-input" value={str} onInput={onText} />;
      if (!prop.unit) return input;
      return (
        <div class={`with-unit ${prop.unitPosition === 'BEFORE' ? 'before' : 'after'}`}>
          {prop.unitPosition === 'BEFORE' && <span class="unit">{prop.unit}</span>}
          {input}
          {prop.unitPosition !== 'BEFORE' && <span class="unit">{prop.unit}</span>}
        </div>
      );
    }
    case 'DROP_DOWN':
      return (
        <select {...common} value={str} onChange={(e) => p.onChange(e.currentTarget.value || null)}>
          <option value="">{t('rec.noChoice')}</option>
          {options(prop).map((o) => (
            <option key={o} value={o}>
              {o}
            </option>
          ))}
        </select>
      );
    case 'DATE':
      return <input {...common} type="date" class="date-input" value={str} onInput={(e) => p.onChange(e.currentTarget.value || null)} />;
    case 'TIME':
      return <input {...common} type="time" class="time-input" value={str} onInput={(e) => p.onChange(e.currentTarget.value || null)} />;
    case 'DATETIME':
      return (
        <input {...common} type="datetime-local" class="datetime-input" value={utcToLocalInput(str)} onInput={(e) => p.onChange(localInputToUtc(e.currentTarget.value))} />
      );
    case 'LINK': {
      const type = prop.protocol === 'MAIL' ? 'email' : prop.protocol === 'CALL' ? 'tel' : 'url';
      return <input {...common} type={type} value={str} onInput={onText} placeholder={type === 'url' ? 'https://' : undefined} />;
    }
    case 'FILE':
      return <FileField id={p.id} label={prop.label} value={(p.value as FileRef[]) || []} onChange={p.onChange} onBusy={p.onBusy} invalid={p.invalid} describedBy={p.describedBy} />;
    case 'USER_SELECT':
      return <UserPicker id={p.id} labelledBy={`${p.id}-label`} value={(p.value as UserRef[]) || []} onChange={p.onChange} invalid={p.invalid} describedBy={p.describedBy} />;
    default:
      return <input {...common} type="text" value={str} onInput={onText} />;
  }
}
