// The settings of the selected field: label, code (checked as the server checks it, and
// suggested from the label), required, unique where allowed, limits, number display,
// choices, link kind, thumbnail size, default value. The server's messages about a
// setting appear under that setting.
import type { ComponentChildren } from 'preact';
import type { FieldProperty } from '../../api/types';
import { t } from '../../i18n';
import { DefaultValue } from './DefaultValue';
import { isSystem, optionNames, toOptions, typeInfo } from './fieldTypes';
import { codeProblem, suggestCode } from './codes';
import type { DField } from './model';
import { OptionsEditor } from './OptionsEditor';
import { TypeIcon } from './TypeIcon';

export interface SettingsProps {
  f: DField;
  inTable: boolean;
  errors: Record<string, string[]>;
  taken: Set<string>; // codes of the other fields
  onChange: (patch: Partial<FieldProperty>, extra?: Partial<DField>) => void;
  onClearError: (setting: string) => void;
  onDelete: () => void;
  onClose: () => void;
  placement?: ComponentChildren; // moving into or out of a table
  moved: boolean; // a saved field now in another place (table or not): saving recreates it
}

const SHOWN = ['label', 'code', 'noLabel', 'required', 'unique', 'minLength', 'maxLength', 'minValue', 'maxValue', 'digit', 'displayScale', 'unit', 'unitPosition', 'options', 'align', 'protocol', 'thumbnailSize', 'defaultValue', 'defaultNowValue'];

function Errors({ id, list }: { id: string; list: string[] }) {
  if (!list.length) return null;
  return (
    <div id={id} class="b-setting-errors">
      {list.map((m) => (
        <p class="field-error" key={m}>
          {m}
        </p>
      ))}
    </div>
  );
}

function Text(props: { id: string; label: string; value: string; errors: string[]; hint?: string; mode?: 'numeric' | 'decimal'; onInput: (v: string) => void; after?: ComponentChildren }) {
  const described = [props.hint ? `${props.id}-hint` : '', props.errors.length ? `${props.id}-err` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class="b-setting">
      <label for={props.id}>{props.label}</label>
      <input id={props.id} value={props.value} inputMode={props.mode} aria-invalid={props.errors.length > 0} aria-describedby={described} onInput={(e) => props.onInput(e.currentTarget.value)} />
      {props.after}
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <Errors id={`${props.id}-err`} list={props.errors} />
    </div>
  );
}

function Check(props: { id: string; label: string; checked: boolean; errors: string[]; hint?: string; onChange: (v: boolean) => void }) {
  return (
    <div class="b-setting b-setting-check">
      <label class="b-check" for={props.id}>
        <input id={props.id} type="checkbox" checked={props.checked} aria-describedby={props.hint ? `${props.id}-hint` : undefined} onChange={(e) => props.onChange(e.currentTarget.checked)} />
        {props.label}
      </label>
      {props.hint && (
        <p class="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      )}
      <Errors id={`${props.id}-err`} list={props.errors} />
    </div>
  );
}

function Choice<T extends string>(props: { name: string; legend: string; value: T; choices: [T, string][]; errors: string[]; onChange: (v: T) => void }) {
  return (
    <fieldset class="b-setting choice-set">
      <legend>{props.legend}</legend>
      {props.choices.map(([v, label]) => (
        <label key={v} class="b-check">
          <input type="radio" name={props.name} checked={props.value === v} onChange={() => props.onChange(v)} />
          {label}
        </label>
      ))}
      <Errors id={`${props.name}-err`} list={props.errors} />
    </fieldset>
  );
}

export function FieldSettings(s: SettingsProps) {
  const { f } = s;
  const p = f.prop;
  const info = typeInfo(p.type);
  const sys = isSystem(p.type);
  const id = (k: string) => `fs-${f.key}-${k}`;
  const err = (k: string) => s.errors[k] || [];
  const set = (k: keyof FieldProperty, v: unknown) => {
    s.onClearError(k);
    s.onChange({ [k]: v } as Partial<FieldProperty>);
  };
  const follows = f.orig === null && !f.codeTouched;
  const onLabel = (v: string) => {
    s.onClearError('label');
    if (follows) {
      s.onClearError('code');
      s.onChange({ label: v, code: suggestCode(v, s.taken) });
    } else s.onChange({ label: v });
  };
  const cp = codeProblem(p.code);
  // The live check as the server would make it, then what the last save reported (once each).
  const codeErrors = [...new Set([...(cp ? [t(`builder.code.${cp}`)] : s.taken.has(p.code) ? [t('builder.code.duplicate', { code: p.code })] : []), ...err('code')])];
  const other = Object.entries(s.errors)
    .filter(([k]) => !SHOWN.includes(k))
    .flatMap(([, v]) => v);
  const onOptions = (names: string[], renamed: boolean) => {
    const old = optionNames(p);
    const map = (v: string) => (renamed && names.length === old.length && old.indexOf(v) >= 0 ? names[old.indexOf(v)] : v);
    const patch: Partial<FieldProperty> = { options: toOptions(names) };
    if (Array.isArray(p.defaultValue)) patch.defaultValue = (p.defaultValue as string[]).map(map).filter((v) => names.includes(v));
    else if (typeof p.defaultValue === 'string' && p.defaultValue) {
      const v = map(p.defaultValue);
      patch.defaultValue = names.includes(v) ? v : '';
    }
    s.onClearError('options');
    s.onClearError('defaultValue');
    s.onChange(patch);
  };
  return (
    <section class="field-settings" aria-labelledby={id('title')}>
      <div class="settings-head">
        <TypeIcon type={p.type} />
        <h2 id={id('title')}>{t('builder.settingsOf', { type: t(`builder.type.${p.type}`) })}</h2>
        <button type="button" class="small" onClick={s.onClose}>
          {t('common.close')}
        </button>
      </div>
      {other.length > 0 && (
        <div class="error-banner" role="alert">
          {other.map((m) => (
            <p key={m}>{m}</p>
          ))}
        </div>
      )}
      <Text id={id('label')} label={t('builder.fs.label')} value={p.label} errors={err('label')} onInput={onLabel} />
      <Check id={id('noLabel')} label={t('builder.fs.noLabel')} checked={!!p.noLabel} errors={err('noLabel')} onChange={(v) => set('noLabel', v)} />
      <Text
        id={id('code')}
        label={t('builder.fs.code')}
        value={p.code}
        errors={codeErrors}
        hint={f.orig !== null && f.orig !== p.code ? t('builder.fs.codeRenamed', { was: f.orig }) : t('builder.fs.codeHint')}
        onInput={(v) => {
          s.onClearError('code');
          s.onChange({ code: v }, { codeTouched: true });
        }}
        after={
          <button type="button" class="link-button suggest-code" onClick={() => s.onChange({ code: suggestCode(p.label, s.taken) }, { codeTouched: true })}>
            {t('builder.fs.suggest')}
          </button>
        }
      />
      {sys && <p class="hint">{t('builder.fs.system')}</p>}
      {s.moved && <p class="b-warn">{t('builder.fs.moved')}</p>}
      {s.placement}
      {info.required && <Check id={id('required')} label={t('builder.fs.required')} checked={!!p.required} errors={err('required')} onChange={(v) => set('required', v)} />}
      {info.unique && !s.inTable && <Check id={id('unique')} label={t('builder.fs.unique')} hint={t('builder.fs.uniqueHint')} checked={!!p.unique} errors={err('unique')} onChange={(v) => set('unique', v)} />}
      {info.length && (
        <div class="b-setting-pair">
          <Text id={id('minLength')} label={t('builder.fs.minLength')} mode="numeric" value={p.minLength || ''} errors={err('minLength')} onInput={(v) => set('minLength', v)} />
          <Text id={id('maxLength')} label={t('builder.fs.maxLength')} mode="numeric" value={p.maxLength || ''} errors={err('maxLength')} onInput={(v) => set('maxLength', v)} />
        </div>
      )}
      {info.value && (
        <div class="b-setting-pair">
          <Text id={id('minValue')} label={t('builder.fs.minValue')} mode="decimal" value={p.minValue || ''} errors={err('minValue')} onInput={(v) => set('minValue', v)} />
          <Text id={id('maxValue')} label={t('builder.fs.maxValue')} mode="decimal" value={p.maxValue || ''} errors={err('maxValue')} onInput={(v) => set('maxValue', v)} />
        </div>
      )}
      {info.number && (
        <>
          <Check id={id('digit')} label={t('builder.fs.digit')} checked={!!p.digit} errors={err('digit')} onChange={(v) => set('digit', v)} />
          <Text id={id('displayScale')} label={t('builder.fs.displayScale')} hint={t('builder.fs.displayScaleHint')} mode="numeric" value={p.displayScale || ''} errors={err('displayScale')} onInput={(v) => set('displayScale', v)} />
          <Text id={id('unit')} label={t('builder.fs.unit')} value={p.unit || ''} errors={err('unit')} onInput={(v) => set('unit', v)} />
          <Choice
            name={id('unitPosition')}
            legend={t('builder.fs.unitPosition')}
            value={p.unitPosition || 'BEFORE'}
            choices={[
              ['BEFORE', t('builder.fs.unitBefore')],
              ['AFTER', t('builder.fs.unitAfter')],
            ]}
            errors={err('unitPosition')}
            onChange={(v) => set('unitPosition', v)}
          />
        </>
      )}
      {info.options && <OptionsEditor key={f.key} id={id('options')} names={optionNames(p)} errors={err('options')} onChange={onOptions} />}
      {info.align && (
        <Choice
          name={id('align')}
          legend={t('builder.fs.align')}
          value={p.align || 'HORIZONTAL'}
          choices={[
            ['HORIZONTAL', t('builder.fs.alignH')],
            ['VERTICAL', t('builder.fs.alignV')],
          ]}
          errors={err('align')}
          onChange={(v) => set('align', v)}
        />
      )}
      {info.protocol && (
        <Choice
          name={id('protocol')}
          legend={t('builder.fs.protocol')}
          value={p.protocol || 'WEB'}
          choices={[
            ['WEB', t('builder.fs.protoWeb')],
            ['CALL', t('builder.fs.protoCall')],
            ['MAIL', t('builder.fs.protoMail')],
          ]}
          errors={err('protocol')}
          onChange={(v) => set('protocol', v)}
        />
      )}
      {info.thumb && (
        <div class="b-setting">
          <label for={id('thumb')}>{t('builder.fs.thumb')}</label>
          <select id={id('thumb')} value={p.thumbnailSize || '150'} onChange={(e) => set('thumbnailSize', e.currentTarget.value)}>
            {['50', '150', '250', '500'].map((n) => (
              <option key={n} value={n}>
                {t('builder.fs.px', { n })}
              </option>
            ))}
          </select>
          <Errors id={`${id('thumb')}-err`} list={err('thumbnailSize')} />
        </div>
      )}
      <DefaultValue
        p={p}
        id={id('default')}
        errors={[...err('defaultValue'), ...err('defaultNowValue')]}
        onChange={(patch) => {
          s.onClearError('defaultValue');
          s.onClearError('defaultNowValue');
          s.onChange(patch);
        }}
      />
      <div class="settings-foot">
        <button type="button" class="b-danger-outline" onClick={s.onDelete}>
          {sys ? t('builder.card.unplace') : t('builder.fs.delete')}
        </button>
      </div>
    </section>
  );
}
