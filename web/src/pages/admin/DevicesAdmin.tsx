// Admin section "devices" (端末): security administrators approve, refuse and revoke
// devices and choose per section between personal devices and city-issued only;
// auditors see the same, read-only.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { formatDateTime, t, useLang } from '../../i18n';
import '../../i18n/messages/devices';
import { session } from '../../session';
import type { Device } from '../devices/types';

interface SectionRow {
  code: string;
  name: string;
  personalAllowed: boolean | null;
}

export function DevicesAdmin() {
  useLang();
  const canEdit = (session()?.user.roles || []).includes('security_admin');
  const [devices, setDevices] = useState<Device[]>([]);
  const [sections, setSections] = useState<SectionRow[]>([]);
  const [error, setError] = useState<unknown>(null);
  const load = async () => {
    try {
      const r = await api.get<{ devices: Device[]; sections: SectionRow[] }>('/api/admin/devices.json');
      setDevices(r.devices);
      setSections(r.sections);
    } catch (err) {
      setError(err);
    }
  };
  useEffect(() => void load(), []);
  const run = async (f: () => Promise<unknown>) => {
    setError(null);
    try {
      await f();
      await load();
    } catch (err) {
      setError(err);
    }
  };
  const revoke = (d: Device) => {
    const reason = prompt(t('devices.revokeReason'));
    if (reason) void run(() => api.post('/api/admin/device/revoke.json', { id: d.id, reason }));
  };
  const setSection = (code: string, v: string) =>
    run(() => api.put('/api/admin/device/section.json', { section: code, personalAllowed: v === '' ? null : v === 'true' }));
  return (
    <div class="devices-admin">
      <p>{t('devices.admin.lead')}</p>
      <ErrorMessage error={error} />
      {devices.length === 0 ? (
        <p class="muted">{t('devices.none')}</p>
      ) : (
        <div class="table-wrap card">
          <table class="data">
            <thead>
              <tr>
                <th>{t('devices.user')}</th><th>{t('devices.kind')}</th><th>{t('devices.owner')}</th><th>{t('devices.os')}</th>
                <th>{t('devices.security')}</th><th>{t('devices.status')}</th><th>{t('devices.requestedAt')}</th><th />
              </tr>
            </thead>
            <tbody>
              {devices.map((d) => (
                <tr key={d.id}>
                  <td>{d.userName} ({d.user})</td>
                  <td>{t(`devices.kind.${d.kind}`)}</td>
                  <td>{t(`devices.owner.${d.owner}`)}</td>
                  <td>{d.os}</td>
                  <td>{d.security}</td>
                  <td>{t(`devices.status.${d.status}`)}{d.reason ? ` — ${d.reason}` : ''}</td>
                  <td>{formatDateTime(d.requestedAt)}</td>
                  <td>
                    {canEdit && d.status === 'pending' && (
                      <>
                        <button type="button" class="primary" onClick={() => run(() => api.post('/api/device/decide.json', { id: d.id, approve: true }))}>{t('devices.approve')}</button>{' '}
                        <button type="button" onClick={() => run(() => api.post('/api/device/decide.json', { id: d.id, approve: false }))}>{t('devices.refuse')}</button>{' '}
                      </>
                    )}
                    {canEdit && (d.status === 'pending' || d.status === 'approved') && (
                      <button type="button" onClick={() => revoke(d)}>{t('devices.revoke')}</button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h2>{t('devices.admin.sections')}</h2>
      <p class="hint">{t('devices.admin.sectionsLead')}</p>
{sections.length === 0 ? (
        <p class="muted">{t('devices.admin.noSections')}</p>
      ) : (
      <div class="table-wrap card">
        <table class="data">
          <tbody>
            {sections.map((s) => (
              <tr key={s.code}>
                <td>{s.name} ({s.code})</td>
                <td>
                  <select
                    aria-label={s.name}
                    disabled={!canEdit}
                    value={s.personalAllowed === null ? '' : String(s.personalAllowed)}
                    onChange={(e) => setSection(s.code, e.currentTarget.value)}
                  >
                    <option value="">{t('devices.admin.follow')}</option>
                    <option value="true">{t('devices.admin.personal')}</option>
                    <option value="false">{t('devices.admin.cityOnly')}</option>
                  </select>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      )}
    </div>
  );
}
