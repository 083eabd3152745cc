// The form as staff will see it when adding a record, drawn from the design as it is
// now (saved or not): labels, required marks, default values, choices and tables, as
// read-only controls.
import { formatDateTime, formatNumber, t } from '../../i18n';
import type { FieldProperty } from '../../api/types';
import { isSystem, optionNames } from './fieldTypes';
import type { DField, Form } from './model';

function text(v: FieldProperty['defaultValue']): string {
  return typeof v === 'string' ? v : '';
}

function Control({ p, id, name }: { p: FieldProperty; id: string; name?: string }) {
  const a = name ? { 'aria-label': name } : {};
  const dv = p.defaultValue;
  const names = optionNames(p);
  const list = Array.isArray(dv) ? (dv as unknown[]) : [];
  switch (p.type) {
    case 'MULTI_LINE_TEXT':
    case 'RICH_TEXT':
      return <textarea id={id} {...a} readOnly value={text(dv)} class="preview-area" />;
    case 'NUMBER': {
      const v = text(dv);
      const shown = v ? (p.digit ? formatNumber(v, p.displayScale ? Number(p.displayScale) : undefined) : v) : '';
      return (
        <span class="preview-number">
          {p.unit && p.unitPosition !== 'AFTER' && <span class="unit">{p.unit}</span>}
          <input id={id} {...a} readOnly value={shown} />
          {p.unit && p.unitPosition === 'AFTER' && <span class="unit">{p.unit}</span>}
        </span>
      );
    }
    case 'RADIO_BUTTON':
    case 'CHECK_BOX':
      return (
        <span class={`preview-choices ${p.align === 'VERTICAL' ? 'vertical' : ''}`} role="group" aria-labelledby={name ? undefined : `${id}-l`} {...a}>
          {names.map((n) => (
            <label key={n} class="b-check">
              <input type={p.type === 'RADIO_BUTTON' ? 'radio' : 'checkbox'} disabled checked={p.type === 'RADIO_BUTTON' ? text(dv) === n : list.includes(n)} />
              {n}
            </label>
          ))}
        </span>
      );
    case 'MULTI_SELECT':
      return (
        <select id={id} {...a} multiple disabled class="preview-multi">
          {names.map((n) => (
            <option key={n} selected={list.includes(n)}>
              {n}
            </option>
          ))}
        </select>
      );
    case 'DROP_DOWN':
      return (
        <select id={id} {...a} disabled>
          <option>{text(dv) || '-----'}</option>
        </select>
      );
    case 'DATE':
    case 'TIME':
    case 'DATETIME':
      return <input id={id} {...a} readOnly value={p.defaultNowValue ? t(`builder.preview.now.${p.type}`) : p.type === 'DATETIME' ? formatDateTime(text(dv)) : text(dv)} />;
    case 'FILE':
      return (
        <span class="preview-file">
          <button type="button" disabled>
            {t('builder.preview.browse')}
          </button>
          <span class="hint">{t('builder.preview.fileHint', { n: p.thumbnailSize || '150' })}</span>
        </span>
      );
    case 'USER_SELECT':
      return <input id={id} {...a} readOnly value={list.some((x) => (x as { code?: string }).code === 'LOGINUSER()') ? t('builder.default.loginUser') : ''} />;
    default:
      if (isSystem(p.type)) return <input id={id} {...a} readOnly value={t('builder.preview.auto')} class="preview-auto" />;
      return <input id={id} {...a} readOnly value={text(dv)} />;
  }
}

function Field({ f }: { f: DField }) {
  const p = f.prop;
  const id = `pv-${f.key}`;
  return (
    <div class="preview-field">
      {!p.noLabel && (
        <label for={id} id={`${id}-l`} class="preview-label">
          {p.label}
          {p.required && <span class="b-req">*</span>}
        </label>
      )}
      <Control p={p} id={id} name={p.noLabel ? p.label : undefined} />
    </div>
  );
}

export function FormPreview({ form }: { form: Form }) {
  if (form.rows.length === 0) return <p class="muted preview-empty">{t('builder.preview.empty')}</p>;
  return (
    <div class="form-preview" aria-label={t('builder.preview.title')} role="region">
      {form.rows.map((r) =>
        r.kind === 'row' ? (
          <div key={r.key} class="preview-row">
            {r.items.map((it) =>
              it.kind === 'field' ? (
                <Field key={it.key} f={it.field} />
              ) : it.raw.type === 'HR' ? (
                <hr key={it.key} />
              ) : (
                <div key={it.key} class="preview-deco">
                  {it.raw.label || ''}
                </div>
              ),
            )}
          </div>
        ) : (
          <div key={r.key} class="pv-table">
            {!r.table.prop.noLabel && <p class="preview-label">{r.table.prop.label}</p>}
            <div class="table-wrap">
              <table class="data">
                <thead>
                  <tr>
                    {r.inner.map((f) => (
                      <th key={f.key} scope="col">
                        {f.prop.label}
                        {f.prop.required && <span class="b-req">*</span>}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  <tr>
                    {r.inner.map((f) => (
                      <td key={f.key}>
                        <Control p={f.prop} id={`pv-${f.key}`} name={f.prop.label} />
                      </td>
                    ))}
                  </tr>
                </tbody>
              </table>
            </div>
          </div>
        ),
      )}
    </div>
  );
}
