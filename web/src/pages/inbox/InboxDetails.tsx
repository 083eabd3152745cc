// The facts an inbox item carries (who asked, which device, how many records, the reason),
// shown under its subject so a head or a protection manager can decide without opening
// another page. Items differ by kind: scalar fields are listed, one level of nested
// object (a device, an incident) is flattened; the action list is not shown here.
import { hasMessage, lang, t } from '../../i18n';

const HIDDEN = new Set(['actions', 'subject', 'id', 'warning', 'requestId', 'app', 'proven']);

type Detail = Record<string, unknown>;

function facts(detail: Detail): [string, string][] {
  const out: [string, string][] = [];
  const add = (key: string, v: unknown) => {
    if (HIDDEN.has(key) || v === null || v === undefined || v === '') return;
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') out.push([key, String(v)]);
  };
  for (const [k, v] of Object.entries(detail)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (!HIDDEN.has(k)) for (const [k2, v2] of Object.entries(v as Detail)) add(k2, v2);
    }
    else add(k, v);
  }
  return out;
}

/** The subject in the reader's language when the item carries both. */
export function inboxSubject(subject: string, detail: Detail): string {
  const s = detail.subject as { ja?: string; en?: string } | undefined;
  if (s && typeof s === 'object') return (lang() === 'ja' ? s.ja : s.en) || subject;
  return subject;
}

export function InboxDetails(props: { detail: Detail }) {
  const list = facts(props.detail);
  if (list.length === 0) return null;
  return (
    <dl class="inbox-facts">
      {list.map(([k, v]) => (
        <div key={k}>
          <dt>{hasMessage(`inbox.key.${k}`) ? t(`inbox.key.${k}`) : k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}
