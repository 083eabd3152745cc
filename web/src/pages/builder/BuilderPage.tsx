// The app builder at /apps/:id/builder/:tab (loaded by AppBuilder): the form designer, the
// app's settings, its permissions, its registration (RegistrationTab) and deploying, as tabs that are plain links. The work of every tab is kept
// here, so switching tabs loses nothing, and leaving with unsaved work asks first.
import { useEffect, useRef, useState } from 'preact/hooks';
import '../../styles/builder.css';
import { ApiError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Layout } from '../../components/Layout';
import { t, useLang } from '../../i18n';
import { navigate, onLinkClick } from '../../router';
import { DeployBar, useDeployActions } from './DeployBar';
import { DeployTab } from './DeployTab';
import { FormDesigner } from './FormDesigner';
import { Permissions, usePermissionsDraft } from './Permissions';
import { RegistrationTab } from './RegistrationTab';
import type { Rev } from './revision';
import { SettingsTab, useSettingsDraft } from './SettingsTab';
import { useDeploy } from './useDeploy';
import { CustomizeTab } from '../customize/CustomizeTab';
import { useFormDraft } from './useFormDraft';
import { WebhooksPanel } from '../hooks/WebhooksPanel';

const TABS = ['form', 'settings', 'permissions', 'registration', 'customize', 'deploy'] as const;
type Tab = (typeof TABS)[number];

/** Asks before a link or a reload takes the user away from unsaved work. */
function useLeaveGuard(dirty: boolean, app: string, ask: (href: string) => void) {
  useEffect(() => {
    if (!dirty) return;
    const unload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    const click = (e: MouseEvent) => {
      const a = (e.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
      if (!a || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      const href = a.getAttribute('href') || '';
      if (href.startsWith('#') || href.startsWith(`/apps/${app}/builder`)) return;
      e.preventDefault();
      e.stopPropagation();
      ask(href);
    };
    window.addEventListener('beforeunload', unload);
    document.addEventListener('click', click, true);
    return () => {
      window.removeEventListener('beforeunload', unload);
      document.removeEventListener('click', click, true);
    };
  }, [dirty, app]);
}

export function BuilderPage(props: { app: string; tab?: string }) {
  useLang();
  const app = props.app;
  const tab: Tab = (TABS as readonly string[]).includes(props.tab || '') ? (props.tab as Tab) : 'form';
  const rev = useRef<Rev>({ current: null }).current;
  const deploy = useDeploy(app, rev);
  const refreshAfter = (save: () => Promise<boolean>) => async () => {
    const ok = await save();
    if (ok) void deploy.refresh();
    return ok;
  };
  const formRaw = useFormDraft(app, rev);
  const form = { ...formRaw, save: refreshAfter(formRaw.save) };
  const settingsRaw = useSettingsDraft(app, rev);
  const settings = { ...settingsRaw, save: refreshAfter(settingsRaw.save) };
  const permsRaw = usePermissionsDraft(app, rev);
  const perms = { ...permsRaw, save: refreshAfter(permsRaw.save) };
  const [leaving, setLeaving] = useState<string | null>(null);
  const [reveal, setReveal] = useState<string | null>(null);
  const dirty = form.dirty || settings.dirty || perms.dirty;
  useLeaveGuard(dirty, app, setLeaving);

  const saveAll = async () => {
    const parts: [boolean, () => Promise<boolean>, Tab][] = [
      [form.dirty, formRaw.save, 'form'],
      [settings.dirty, settingsRaw.save, 'settings'],
      [perms.dirty, permsRaw.save, 'permissions'],
    ];
    for (const [isDirty, save, where] of parts) {
      if (isDirty && !(await save())) {
        navigate(`/apps/${app}/builder/${where}`);
        return false;
      }
    }
    return true;
  };
  const labelOf = (code: string) => {
    for (const p of Object.values(form.saved)) {
      if (p.code === code) return p.label;
      const inner = p.fields?.[code];
      if (inner) return inner.label;
    }
    return null;
  };
  const actions = {
    app, deploy, dirty, saveAll, labelOf,
    reveal: (code: string) => {
      setReveal(code);
      if (tab !== 'form') navigate(`/apps/${app}/builder/form`);
    },
    afterDiscard: async () => {
      await Promise.all([formRaw.reload(), settingsRaw.reload(), permsRaw.reload()]);
    },
  };
  const controls = useDeployActions(actions);

  const name = settings.saved?.name || '';
  const title = name ? t('builder.title', { name }) : t('builder.titleLoading');
  const crumbs = [
    { href: `/apps/${app}`, label: name || t('builder.crumbApp', { id: app }) },
    { href: `/apps/${app}/builder`, label: t('builder.crumb') },
  ];
  if (settings.loadError && !settings.saved)
    return (
      <Layout title={t('builder.titleLoading')} crumbs={crumbs}>
        <ErrorMessage error={settings.loadError} onRetry={settings.loadError instanceof ApiError && settings.loadError.status === 403 ? undefined : settingsRaw.reload} />
        {settings.loadError instanceof ApiError && settings.loadError.status === 403 && <p>{t('builder.noManage')}</p>}
        <p>
          <a href="/" onClick={onLinkClick}>
            {t('common.toPortal')}
          </a>
        </p>
      </Layout>
    );
  return (
    <Layout title={title} crumbs={crumbs} actions={<DeployBar {...actions} controls={controls} />}>
      <nav class="builder-tabs" aria-label={t('builder.tabs')}>
        {TABS.map((k) => {
          const tabDirty = (k === 'form' && form.dirty) || (k === 'settings' && settings.dirty) || (k === 'permissions' && perms.dirty);
          return (
            <a key={k} href={`/apps/${app}/builder/${k}`} class={k === tab ? 'builder-tab current' : 'builder-tab'} aria-current={k === tab ? 'page' : undefined} onClick={onLinkClick}>
              {t(`builder.tab.${k}`)}
              {tabDirty && (
                <span class="tab-dot" title={t('builder.tabUnsaved')}>
                  <span class="visually-hidden">{t('builder.tabUnsaved')}</span>
                </span>
              )}
            </a>
          );
        })}
        <a class="builder-back" href={`/apps/${app}`} onClick={onLinkClick}>
          {t('builder.back')}
        </a>
      </nav>
      {tab === 'form' && <FormDesigner d={form} reveal={reveal} onRevealed={() => setReveal(null)} />}
      {tab === 'settings' && <SettingsTab s={settings} />}
      {tab === 'settings' && <WebhooksPanel app={app} />}
      {tab === 'permissions' && <Permissions p={perms} />}
      {tab === 'registration' && <RegistrationTab app={app} />}
      {tab === 'customize' && <CustomizeTab app={app} onSaved={() => void deploy.refresh()} />}
      {tab === 'deploy' && <DeployTab {...actions} controls={controls} />}
      <Dialog
        title={t('builder.leave.title')}
        open={leaving !== null}
        onClose={() => setLeaving(null)}
        footer={
          <>
            <button type="button" class="primary" onClick={() => setLeaving(null)}>
              {t('builder.leave.stay')}
            </button>
            <button
              type="button"
              class="danger"
              onClick={() => {
                const to = leaving!;
                setLeaving(null);
                // The guard is still set until this page goes away: navigate directly.
                navigate(to);
              }}
            >
              {t('builder.leave.go')}
            </button>
          </>
        }
      >
        <p>{t('builder.leave.body')}</p>
      </Dialog>
    </Layout>
  );
}
