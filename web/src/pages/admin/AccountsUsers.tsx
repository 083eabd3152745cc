// The Users page of the admin console (accounts): every account with its status
// (active, suspended with the reason, locked, two-factor, password expired), roles and
// section; account administrators add users, change roles, suspend with a reason,
// resume, reset passwords, unlock and reset two-factor sign-in; auditors only read.
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { formatDateTime, t, useLang } from '../../i18n';
import '../../i18n/messages/accounts';
import { session } from '../../session';
import { OrgSectionSelect } from './OrgSectionSelect';

interface UserRow {
  id: string;
  code: string;
  name: string;
  email: string;
  roles: string[];
  active: boolean;
  locked: boolean;
  totp?: boolean;
  mustChangePassword?: boolean;
  suspension?: { reason: string; by: string; at: string };
  section?: string | { name?: string; code?: string } | null;
}

const ROLES = ['account_admin', 'system_admin', 'security_admin', 'auditor', 'chief_protection_manager'];

type Editing =
  | { kind: 'add' }
  | { kind: 'roles'; user: UserRow }
  | { kind: 'suspend'; user: UserRow }
  | { kind: 'password'; user: UserRow }
  | null;

function sectionText(s: UserRow['section']): string {
  if (!s) return '';
  if (typeof s === 'string') return s;
  return s.name || s.code || '';
}

function fieldErrors(error: unknown, key: string) {
  return error instanceof ApiError
    ? error.fieldMessages(key).map((m) => (
        <p class="field-error" key={m}>
          {m}
        </p>
      ))
    : null;
}

function RoleBoxes(props: { value: string[]; onChange: (v: string[]) => void; error: unknown }) {
  return (
    <fieldset class="role-boxes">
      <legend>{t('accounts.roles')}</legend>
      {ROLES.map((r) => (
        <label key={r} class="checkbox">
          <input
            type="checkbox"
            name={`role-${r}`}
            checked={props.value.includes(r)}
            onChange={(e) => props.onChange(e.currentTarget.checked ? [...props.value, r] : props.value.filter((x) => x !== r))}
          />{' '}
          {t(`admin.role.${r}`)}
        </label>
      ))}
      {fieldErrors(props.error, 'roles')}
    </fieldset>
  );
}

export function AccountsUsers() {
  useLang();
  const canEdit = (session()?.user.roles || []).includes('account_admin');
  const [users, setUsers] = useState<UserRow[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [q, setQ] = useState('');
  const [editing, setEditing] = useState<Editing>(null);
  const [formError, setFormError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  // Form fields shared by the dialogs.
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [section, setSection] = useState('');

  const load = async () => {
    setError(null);
    try {
      const all: UserRow[] = [];
      for (let offset = 0; ; offset += 500) {
        const r = await api.get<{ users: UserRow[] }>('/api/admin/users.json', { offset, limit: 500 });
        all.push(...r.users);
        if (r.users.length < 500) break;
      }
      setUsers(all);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => void load(), []);

  const open = (e: Editing) => {
    setFormError(null);
    setStatus('');
    setCode('');
    setName('');
    setEmail('');
    setPassword('');
    setReason('');
    setSection('');
    setRoles(e && e.kind === 'roles' ? e.user.roles : []);
    setEditing(e);
  };
  const act = async (f: () => Promise<unknown>, who: string) => {
    setFormError(null);
    setError(null);
    try {
      await f();
      setEditing(null);
      setStatus(t('accounts.done', { code: who }));
      await load();
    } catch (e) {
      if (editing) setFormError(e);
      else setError(e);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    if (!editing) return;
    if (editing.kind === 'add')
      return act(() => api.post('/api/admin/users.json', { code, name, email, password, roles, canCreateApps: true, ...(section ? { section } : {}) }), code);
    const u = editing.user;
    if (editing.kind === 'roles') return act(() => api.put('/api/admin/users.json', { code: u.code, roles }), u.code);
    if (editing.kind === 'suspend') return act(() => api.post('/api/admin/user/suspend.json', { code: u.code, reason }), u.code);
    return act(() => api.put('/api/admin/user/password.json', { code: u.code, password }), u.code);
  };

  const needle = q.trim().toLowerCase();
  const shown = (users || []).filter((u) => !needle || u.code.toLowerCase().includes(needle) || u.name.toLowerCase().includes(needle));
  const hasSection = (users || []).some((u) => u.section !== undefined);
  const title =
    editing === null
      ? ''
      : editing.kind === 'add'
        ? t('accounts.add')
        : t(
            editing.kind === 'roles' ? 'accounts.rolesTitle' : editing.kind === 'suspend' ? 'accounts.suspendTitle' : 'accounts.passwordTitle',
            { name: editing.user.name, code: editing.user.code },
          );

  return (
    <div class="card">
      <div class="section-head">
        <h2>{t('accounts.users')}</h2>
        <input type="search" class="search" aria-label={t('accounts.search')} placeholder={t('accounts.search')} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        {canEdit && (
          <button type="button" class="primary" onClick={() => open({ kind: 'add' })}>
            {t('accounts.add')}
          </button>
        )}
      </div>
      <p class="hint">{canEdit ? t('accounts.onePerson') : t('accounts.readOnly')}</p>
      <ErrorMessage error={error} onRetry={load} />
      {status && (
        <p class="success" role="status">
          {status}
        </p>
      )}
      {users === null && !error && <Spinner />}
      {users !== null && shown.length === 0 && <p class="muted">{t('accounts.none')}</p>}
      {shown.length > 0 && (
        <div class="table-wrap">
          <table class="data users-table">
            <thead>
              <tr>
                <th scope="col">{t('accounts.code')}</th>
                <th scope="col">{t('accounts.name')}</th>
                <th scope="col">{t('accounts.status')}</th>
                <th scope="col">{t('accounts.roles')}</th>
                {hasSection && <th scope="col">{t('accounts.section')}</th>}
                {canEdit && <th scope="col">{t('accounts.actions')}</th>}
              </tr>
            </thead>
            <tbody>
              {shown.map((u) => (
                <tr key={u.id} data-user={u.code}>
                  <td>{u.code}</td>
                  <td>{u.name}</td>
                  <td class="user-status">
                    {u.active ? t('accounts.active') : <strong>{t('accounts.suspended')}</strong>}
                    {u.locked && <> · {t('accounts.locked')}</>}
                    {u.totp && <> · {t('accounts.totp')}</>}
                    {u.mustChangePassword && <> · {t('accounts.mustChange')}</>}
                    {u.suspension && (
                      <div class="hint">
                        {t('accounts.suspendedBy', { by: u.suspension.by, at: formatDateTime(u.suspension.at), reason: u.suspension.reason })}
                      </div>
                    )}
                  </td>
                  <td>{u.roles.length ? u.roles.map((r) => t(`admin.role.${r}`)).join('、') : t('accounts.noRoles')}</td>
                  {hasSection && <td>{sectionText(u.section)}</td>}
                  {canEdit && (
                    <td class="user-actions">
                      <button type="button" onClick={() => open({ kind: 'roles', user: u })}>
                        {t('accounts.edit')}
                      </button>
                      {u.active ? (
                        <button type="button" class="danger" onClick={() => open({ kind: 'suspend', user: u })}>
                          {t('accounts.suspend')}
                        </button>
                      ) : (
                        <button type="button" onClick={() => act(() => api.post('/api/admin/user/resume.json', { code: u.code }), u.code)}>
                          {t('accounts.resume')}
                        </button>
                      )}
                      <button type="button" onClick={() => open({ kind: 'password', user: u })}>
                        {t('accounts.resetPassword')}
                      </button>
                      {u.locked && (
                        <button type="button" onClick={() => act(() => api.post('/api/admin/user/unlock.json', { code: u.code }), u.code)}>
                          {t('accounts.unlock')}
                        </button>
                      )}
                      {u.totp && (
                        <button type="button" onClick={() => act(() => api.post('/api/admin/user/totp/reset.json', { code: u.code }), u.code)}>
                          {t('accounts.resetTotp')}
                        </button>
                      )}
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Dialog title={title} open={editing !== null} onClose={() => setEditing(null)}>
        <form onSubmit={submit}>
          <ErrorMessage error={formError} />
          {editing?.kind === 'add' && (
            <>
              <label for="u-code">{t('accounts.code')}</label>
              <input id="u-code" required maxLength={128} value={code} onInput={(e) => setCode(e.currentTarget.value)} />
              {fieldErrors(formError, 'code')}
              <label for="u-name">{t('accounts.name')}</label>
              <input id="u-name" required maxLength={100} value={name} onInput={(e) => setName(e.currentTarget.value)} />
              {fieldErrors(formError, 'name')}
              <label for="u-email">{t('accounts.email')}</label>
              <input id="u-email" type="email" value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
              <label for="u-password">{t('accounts.password')}</label>
              <input id="u-password" type="password" autoComplete="new-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
              {fieldErrors(formError, 'password')}
              <OrgSectionSelect value={section} onChange={setSection} error={formError} />
              <p class="hint">{t('accounts.onePerson')}</p>
              <RoleBoxes value={roles} onChange={setRoles} error={formError} />
            </>
          )}
          {editing?.kind === 'roles' && <RoleBoxes value={roles} onChange={setRoles} error={formError} />}
          {editing?.kind === 'suspend' && (
            <>
              <p>{t('accounts.suspendWhat')}</p>
              <label for="u-reason">{t('accounts.reason')}</label>
              <textarea id="u-reason" required maxLength={1000} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
              {fieldErrors(formError, 'reason')}
            </>
          )}
          {editing?.kind === 'password' && (
            <>
              <label for="u-newpw">{t('accounts.newPassword')}</label>
              <input id="u-newpw" type="password" autoComplete="new-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
              {fieldErrors(formError, 'password')}
            </>
          )}
          <div class="dialog-footer">
            <button type="button" onClick={() => setEditing(null)}>
              {t('common.cancel')}
            </button>
            <button type="submit" class={editing?.kind === 'suspend' ? 'primary danger' : 'primary'}>
              {editing?.kind === 'suspend' ? t('accounts.suspendConfirm') : t('common.save')}
            </button>
          </div>
        </form>
      </Dialog>
    </div>
  );
}
