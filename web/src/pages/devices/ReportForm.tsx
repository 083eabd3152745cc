// "Report a problem" (Kumamoto 第17条): signed in it reports about oneself
// (/api/me/report.json); signed out it asks for the login name and password
// (/api/report.json), the password being optional for a leaked one.
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { t, useLang } from '../../i18n';
import '../../i18n/messages/devices';
import type { Device } from './types';

const kinds = ['lost', 'leaked', 'tampering', 'failure', 'other'];

export function ReportForm(props: { signedIn: boolean; devices?: Device[]; onDone?: () => void }) {
  useLang();
  const [kind, setKind] = useState('lost');
  const [deviceId, setDeviceId] = useState('');
  const [summary, setSummary] = useState('');
  const [login, setLogin] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState('');
  const live = (props.devices || []).filter((d) => d.status === 'approved' || d.status === 'pending');
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    setDone('');
    const body: Record<string, unknown> = { kind, summary };
    if (kind === 'lost' && deviceId) body.deviceId = deviceId;
    try {
      const r = props.signedIn
        ? await api.post<{ kind: string }>('/api/me/report.json', body)
        : await api.post<{ kind: string }>('/api/report.json', { ...body, login, password });
      setDone(r.kind);
      setSummary('');
      setPassword('');
      props.onDone?.();
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = (key: string) =>
    error instanceof ApiError ? error.fieldMessages(key).map((m) => <p class="field-error" key={m}>{m}</p>) : null;
  return (
    <form class="report-form" onSubmit={submit}>
      <p>{t('report.lead')}</p>
      {!props.signedIn && <p class="hint">{t('report.signedOutLead')}</p>}
      <ErrorMessage error={error} />
      {done && <p class="success" role="status">{t('report.done', { kind: done })}</p>}
      {!props.signedIn && (
        <>
          <label for="rep-login">{t('report.login')}</label>
          <input id="rep-login" autoComplete="username" required value={login} onInput={(e) => setLogin(e.currentTarget.value)} />
          {fieldError('login')}
          <label for="rep-password">{t('report.password')}</label>
          <input id="rep-password" type="password" autoComplete="current-password" value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
          {fieldError('password')}
        </>
      )}
      <fieldset>
        <legend>{t('report.kind')}</legend>
        {kinds.map((k) => (
          <label key={k} class="radio">
            <input type="radio" name="rep-kind" value={k} checked={kind === k} onChange={() => setKind(k)} /> {t(`report.kind.${k}`)}
          </label>
        ))}
      </fieldset>
      {props.signedIn && kind === 'lost' && live.length > 0 && (
        <>
          <label for="rep-device">{t('report.device')}</label>
          <select id="rep-device" value={deviceId} onChange={(e) => setDeviceId(e.currentTarget.value)}>
            <option value="">{t('report.allDevices')}</option>
            {live.map((d) => (
              <option key={d.id} value={d.id}>{`${t(`devices.kind.${d.kind}`)} — ${d.os}`}</option>
            ))}
          </select>
        </>
      )}
      <label for="rep-summary">{t('report.summary')}</label>
      <textarea id="rep-summary" maxLength={4000} required={kind === 'other'} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} />
      {fieldError('summary')}
      <button type="submit" class="primary">{t('report.submit')}</button>
    </form>
  );
}
