// A field's value on the record page, shown as a person expects for its type: rich
// text sanitised, numbers with their separators and unit, links that open safely,
// images as thumbnails and other files as downloads, users by name, subtables as tables.
import DOMPurify from 'dompurify';
import type { FieldProperty, FileRef, RecordField, SubtableRow, UserRef } from '../../../api/types';
import { t } from '../../../i18n';
import { FileList } from './FileList';
import { formatDate, formatDateTimeValue, formatNumberValue } from './format';

let hooked = false;
/** Rich text as safe HTML: DOMPurify's defaults, and links that leave the page never get the opener. */
export function sanitize(html: string): string {
  if (!hooked) {
    hooked = true;
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
  }
  return DOMPurify.sanitize(html, { FORBID_TAGS: ['style', 'form', 'input', 'button'], FORBID_ATTR: ['style'] });
}

function Empty() {
  return (
    <span class="empty-value" title={t('rec.emptyValue')}>
      <span aria-hidden="true">—</span>
      <span class="sr-only">{t('rec.emptyValue')}</span>
    </span>
  );
}

function linkHref(protocol: string | undefined, v: string): string | null {
  if (protocol === 'MAIL') return `mailto:${v}`;
  if (protocol === 'CALL') return `tel:${v.replace(/[^\d+#*,;]/g, '')}`;
  return /^(https?|ftp):\/\//i.test(v) ? v : null;
}

export function FieldDisplay({ prop, field }: { prop: FieldProperty; field?: RecordField }) {
  const v = field?.value;
  const blank = v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  if (blank && prop.type !== 'SUBTABLE') return <Empty />;
  switch (prop.type) {
    case 'MULTI_LINE_TEXT':
      return <div class="pre-wrap">{v as string}</div>;
    case 'RICH_TEXT':
      return <div class="rich-text" dangerouslySetInnerHTML={{ __html: sanitize(v as string) }} />;
    case 'NUMBER':
      return <span class="num">{formatNumberValue(v as string, prop)}</span>;
    case 'CHECK_BOX':
    case 'MULTI_SELECT':
      return (
        <ul class="chips">
          {(v as string[]).map((x) => (
            <li key={x}>{x}</li>
          ))}
        </ul>
      );
    case 'DATE':
      return <span>{formatDate(v as string)}</span>;
    case 'DATETIME':
    case 'CREATED_TIME':
    case 'UPDATED_TIME':
      return <time dateTime={v as string}>{formatDateTimeValue(v as string)}</time>;
    case 'LINK': {
      const href = linkHref(prop.protocol, v as string);
      if (!href) return <span>{v as string}</span>;
      return prop.protocol === 'MAIL' || prop.protocol === 'CALL' ? (
        <a href={href}>{v as string}</a>
      ) : (
        <a href={href} target="_blank" rel="noopener noreferrer">
          {v as string}
          <span class="sr-only"> {t('rec.opensNewTab')}</span>
        </a>
      );
    }
    case 'FILE':
      return <FileList files={v as FileRef[]} thumbSize={prop.thumbnailSize} />;
    case 'USER_SELECT':
    case 'CREATOR':
    case 'MODIFIER':
      return (
        <ul class="chips users">
          {(Array.isArray(v) ? (v as UserRef[]) : [v as UserRef]).map((u) => (
            <li key={u.code} title={u.code}>
              {u.name || u.code}
            </li>
          ))}
        </ul>
      );
    case 'SUBTABLE':
      return <SubtableDisplay prop={prop} rows={(v as SubtableRow[]) || []} />;
    default:
      return <span class="pre-wrap">{String(v)}</span>;
  }
}

function SubtableDisplay({ prop, rows }: { prop: FieldProperty; rows: SubtableRow[] }) {
  const cols = Object.values(prop.fields || {});
  if (rows.length === 0) return <p class="muted">{t('rec.noRows')}</p>;
  return (
    <div class="table-wrap">
      <table class="data subtable">
        <thead>
          <tr>
            {cols.map((c) => (
              <th key={c.code} scope="col">
                {c.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.id}>
              {cols.map((c) => (
                <td key={c.code} data-label={c.label}>
                  <FieldDisplay prop={c} field={r.value[c.code]} />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
