// Admin section "policy" (ポリシー / Policy): every switchable rule with its description,
// the seed article it comes from, its value, and who set it when. The security
// administrator edits and saves all changes at once (all or nothing, PUT
// /api/admin/policy.json); the other administrators and the auditor read.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime, t, useLang } from '../../i18n';
import '../../i18n/messages/org';
import { session } from '../../session';

interface Rule {
  key: string;
  type: 'boolean' | 'integer' | 'text';
  value: string;
  default: string;
  abiko: string;
  min?: string;
  max?: string;
  rule: string;
  description: string;
  setBy: string;
  setAt: string;
}

export function PolicyAdmin() {
  useLang();
  const s = session();
  const canEdit = !!s && (s.user.roles || []).includes('security_admin');
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [edits, setEdits] = useState<Record<string, string>>({});
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const load = async () => {
    try {
      setRules((await api.get<{ rules: Rule[] }>('/api/admin/policy.json')).rules);
      setEdits({});
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    load();
  }, []);
  const save = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    try {
      await api.put('/api/admin/policy.json', { rules: edits });
      setSaved(true);
      await load();
    } catch (err) {
      setError(err);
    }
  };
  if (!rules) return <ErrorMessage error={error} />;
  const val = (r: Rule) => (r.key in edits ? edits[r.key] : r.value);
  const set = (r: Rule, v: string) => setEdits({ ...edits, [r.key]: v });
  const fieldError = (r: Rule) =>
    error instanceof ApiError
      ? error.fieldMessages(`rules.${r.key}`).map((m) => (
          <p class="field-error" key={m}>
            {m}
          </p>
        ))
      : null;
  return (
    <form class="policy-admin" onSubmit={save}>
      <p class="muted">{t('org.policyLead')}</p>
      {!canEdit && <p class="notice">{t('org.policyReadOnly')}</p>}
      <ErrorMessage error={error} />
      <table class="data policy-table">
        <thead>
          <tr>
            <th scope="col">{t('org.rule')}</th>
            <th scope="col">{t('org.article')}</th>
            <th scope="col">{t('org.value')}</th>
            <th scope="col">{t('org.setBy')}</th>
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => {
            const id = `policy-${r.key.replace(/\./g, '-')}`;
            return (
              <tr key={r.key}>
                <td>
                  <label for={id}>{r.description}</label>
                  <div class="muted">{r.key}</div>
                </td>
                <td>{r.rule}</td>
                <td>
                  {r.type === 'boolean' ? (
                    <label class="checkbox">
                      <input id={id} type="checkbox" disabled={!canEdit} checked={val(r) === 'true'} onChange={(e) => set(r, (e.target as HTMLInputElement).checked ? 'true' : 'false')} />{' '}
                      {t('org.on')}
                    </label>
                  ) : (
                    <input
                      id={id}
                      type={r.type === 'integer' ? 'number' : 'text'}
                      min={r.min}
                      max={r.max}
                      disabled={!canEdit}
                      value={val(r)}
                      onInput={(e) => set(r, (e.target as HTMLInputElement).value)}
                    />
                  )}
                  {fieldError(r)}
                </td>
                <td class="muted">
                  {r.setBy} {r.setAt && formatDateTime(r.setAt)}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {canEdit && (
        <div class="inline">
          <button type="submit" class="primary" disabled={Object.keys(edits).length === 0}>
            {t('org.save')}
          </button>
          {saved && <span role="status">{t('org.saved')}</span>}
        </div>
      )}
    </form>
  );
}
