// The admin console: a side menu of the sections the person's roles reach, a notice on
// every page while the switchable rules are off, and the chosen section's page.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { Layout } from '../../components/Layout';
import { lang, t, useLang } from '../../i18n';
import '../../i18n/messages/admin';
import { onLinkClick } from '../../router';
import { session } from '../../session';
import { adminSections } from './sections';

interface PolicySummary {
  anyRuleOn: boolean;
}

export function AdminConsole(props: { section: string }) {
  useLang();
  const roles = session()?.user.roles || [];
  const reachable = adminSections.filter((s) => s.roles.some((r) => roles.includes(r)));
  const current = adminSections.find((s) => s.id === props.section);
  const [rulesOn, setRulesOn] = useState<boolean | null>(null);
  useEffect(() => {
    if (roles.length === 0) return;
    api.get<PolicySummary>('/api/admin/policy.json').then(
      (p) => setRulesOn(p.anyRuleOn),
      () => setRulesOn(null),
    );
  }, [props.section]);
  const label = (s: { label: { ja: string; en: string } }) => (lang() === 'ja' ? s.label.ja : s.label.en);
  const title = current ? label(current) : t('admin.title');
  const allowed = !current || current.roles.some((r) => roles.includes(r));
  const Page = current?.page;
  return (
    <Layout title={title} crumbs={current ? [{ href: '/admin', label: t('admin.title') }] : []}>
      {rulesOn === false && (
        <div class="notice rules-off" role="note">
          <p>{t('admin.rulesOff')}</p>
          <p>{t('admin.rulesOffHow')}</p>
        </div>
      )}
      <div class="admin-frame">
        <nav class="admin-nav" aria-label={t('admin.nav')}>
          <ul>
            <li>
              <a href="/admin" aria-current={props.section === '' ? 'page' : undefined} onClick={onLinkClick}>
                {t('admin.overview')}
              </a>
            </li>
            {reachable.map((s) => (
              <li key={s.id}>
                <a href={`/admin/${s.id}`} aria-current={s.id === props.section ? 'page' : undefined} onClick={onLinkClick}>
                  {label(s)}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <section class="admin-body">
          {!allowed && <p class="error">{t('admin.notAllowed')}</p>}
          {allowed && Page && <Page />}
          {!current && (
            <div class="card">
              <p>
                {roles.length === 0
                  ? t('admin.noRoles')
                  : t('admin.yourRoles', { roles: roles.map((r) => t(`admin.role.${r}`)).join('、') })}
              </p>
              {rulesOn && <p>{t('admin.rulesOn')}</p>}
              <ul class="admin-overview">
                {reachable.map((s) => (
                  <li key={s.id}>
                    <a href={`/admin/${s.id}`} onClick={onLinkClick}>
                      {label(s)}
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      </div>
    </Layout>
  );
}
