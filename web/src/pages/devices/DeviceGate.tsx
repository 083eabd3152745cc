// Shown instead of every page while devices.required is on and this browser has no
// approved device: the Kumamoto registration form, then a waiting page that polls the
// status and goes on by itself once an approver approves.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Layout } from '../../components/Layout';
import { t, useLang } from '../../i18n';
import '../../i18n/messages/devices';
import { deviceKinds, type DeviceStatus } from './types';

export function DeviceGate(props: { status: DeviceStatus; onApproved: () => void }) {
  useLang();
  const [status, setStatus] = useState(props.status);
  const [kind, setKind] = useState('city_pc');
  const [owner, setOwner] = useState('city');
  const [os, setOs] = useState('');
  const [security, setSecurity] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    if (status.state !== 'pending') return;
    const timer = setInterval(async () => {
      try {
        const s = await api.get<DeviceStatus>('/api/device/status.json');
        setStatus(s);
        if (s.state === 'approved') props.onApproved();
      } catch {
        /* try again on the next tick */
      }
    }, 2000);
    return () => clearInterval(timer);
  }, [status.state]);
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post('/api/device/request.json', { kind, owner, os, security, note });
      setStatus(await api.get<DeviceStatus>('/api/device/status.json'));
    } catch (err) {
      setError(err);
    }
  };
  const fieldError = (key: string) =>
    error instanceof ApiError ? error.fieldMessages(key).map((m) => <p class="field-error" key={m}>{m}</p>) : null;
  const reason = status.device?.reason || '-';
  return (
    <Layout title={t('devices.gate.title')} inbox={false}>
      <div class="card narrow device-gate">
        <p>{t('devices.gate.lead')}</p>
        {status.state === 'pending' ? (
          <p class="success" role="status">{t('devices.gate.pending')}</p>
        ) : (
          <form onSubmit={submit}>
            {status.state === 'refused' && <p class="notice">{t('devices.gate.refused', { reason })}</p>}
            {status.state === 'revoked' && <p class="notice">{t('devices.gate.revoked', { reason })}</p>}
            {!status.personalAllowed && <p class="hint">{t('devices.gate.cityOnly')}</p>}
            <ErrorMessage error={error} />
            <label for="dev-kind">{t('devices.kind')}</label>
            <select id="dev-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
              {deviceKinds.map((k) => (
                <option key={k} value={k}>{t(`devices.kind.${k}`)}</option>
              ))}
            </select>
            <label for="dev-owner">{t('devices.owner')}</label>
            <select id="dev-owner" value={owner} onChange={(e) => setOwner(e.currentTarget.value)}>
              <option value="city">{t('devices.owner.city')}</option>
              <option value="personal">{t('devices.owner.personal')}</option>
            </select>
            <label for="dev-os">{t('devices.os')}</label>
            <input id="dev-os" required maxLength={200} aria-describedby="dev-os-hint" value={os} onInput={(e) => setOs(e.currentTarget.value)} />
            <p id="dev-os-hint" class="hint">{t('devices.osHint')}</p>
            {fieldError('os')}
            <label for="dev-security">{t('devices.security')}</label>
            <input id="dev-security" required maxLength={200} value={security} onInput={(e) => setSecurity(e.currentTarget.value)} />
            {fieldError('security')}
            <label for="dev-note">{t('devices.note')}</label>
            <textarea id="dev-note" maxLength={1000} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
            <button type="submit" class="primary">{t('devices.submit')}</button>
          </form>
        )}
      </div>
    </Layout>
  );
}
