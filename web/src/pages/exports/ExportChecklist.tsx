// The checklist an approver of a held export goes through (Kuki 第14条: checks by more
// than one person and a checklist against mis-sending): each fact of the request (app and
// class, fields, record count, condition, reason, requester) is a box to tick; the inbox
// enables "Checked: approve" once every box is ticked. Refusing needs no ticks.
import { useState } from 'preact/hooks';
import { formatNumber, t, useLang } from '../../i18n';
import '../../i18n/messages/exports';
import '../../styles/exports.css';

export interface Checklist {
  appName?: string;
  infoClass?: string;
  fields?: string;
  count?: number;
  threshold?: number;
  query?: string;
  reason?: string;
  user?: string;
  userName?: string;
}

/** The items to tick, as [key, label, value]; empty ones are left out. */
function items(c: Checklist): [string, string, string][] {
  const out: [string, string, string][] = [
    ['app', t('ex.check.app'), `${c.appName || ''}${c.infoClass ? ` (${t('ex.check.class')} ${c.infoClass})` : ''}`],
    ['fields', t('ex.check.fields'), c.fields || ''],
    ['count', t('ex.check.count'), c.count !== undefined ? t('ex.check.countValue', { n: formatNumber(String(c.count)), threshold: formatNumber(String(c.threshold ?? '')) }) : ''],
    ['query', t('ex.check.query'), c.query || t('ex.check.all')],
    ['reason', t('ex.check.reason'), c.reason || t('ex.check.noReason')],
    ['user', t('ex.check.user'), `${c.userName || ''} (${c.user || ''})`],
  ];
  return out.filter(([, , v]) => v !== '');
}

export function ExportChecklist(p: { checklist: Checklist; done: boolean; onChange: (all: boolean) => void }) {
  useLang();
  const list = items(p.checklist);
  const [ticked, setTicked] = useState<Record<string, boolean>>({});
  const tick = (k: string, on: boolean) => {
    const next = { ...ticked, [k]: on };
    setTicked(next);
    p.onChange(list.every(([key]) => next[key]));
  };
  return (
    <fieldset class="export-checklist">
      <legend>{t('ex.check.title')}</legend>
      {list.map(([k, label, value]) => (
        <label key={k} class="checkbox">
          {!p.done && <input type="checkbox" checked={!!ticked[k]} onChange={(e) => tick(k, (e.target as HTMLInputElement).checked)} />}
          <span class="check-label">{label}</span> <span class="check-value">{value}</span>
        </label>
      ))}
    </fieldset>
  );
}
