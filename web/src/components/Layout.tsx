// The frame of every signed-in page: a skip link, the header with the portal link, the
// current place, the language switch and the user menu, then the page itself.
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { lang, setLang, t, useLang } from '../i18n';
import { navigate, onLinkClick } from '../router';
import { logout, pendingStep, session } from '../session';
import '../i18n/messages/devices';
import '../i18n/messages/exports';
import '../i18n/messages/org';
import '../i18n/messages/incidents';
import '../styles/org.css';
import { onInboxChange } from '../pages/inbox/inboxEvents';

// The header's inbox link with the number of open items.
function InboxLink() {
  const [n, setN] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    // A quiet request: a refusal here (outside working hours, password expired) must not
    // replace the page the person is on, so it bypasses the API client's handlers.
    const load = () =>
      fetch('/api/inbox.json', { credentials: 'same-origin', headers: { 'X-Requested-With': 'XMLHttpRequest' } })
        .then((r) => (r.ok ? r.json() : null))
        .then((j: { items: unknown[] } | null) => live && j && setN(j.items.length))
        .catch(() => undefined);
    load();
    const off = onInboxChange(load);
    return () => {
      live = false;
      off();
    };
  }, []);
  return (
    <a class="inbox-link" href="/inbox" onClick={onLinkClick} aria-label={t('org.inboxCount', { n: n ?? 0 })}>
      {t('org.inbox')}
      {n ? <span class="badge">{n}</span> : null}
    </a>
  );
}

// inbox: false on pages shown before the person may use daicho (an unregistered device).
export function Layout(props: { title: string; crumbs?: { href: string; label: string }[]; children: ComponentChildren; actions?: ComponentChildren; inbox?: boolean }) {
  useLang();
  const s = session();
  const [menu, setMenu] = useState(false);
  document.title = `${props.title} - ${t('app.title')}`;
  return (
    <div class="frame">
      <a class="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <header class="topbar">
        <a class="brand" href="/" onClick={onLinkClick}>
          <span class="brand-mark" aria-hidden="true">
            台
          </span>
          {t('app.title')}
        </a>
        <nav class="crumbs" aria-label={t('nav.portal')}>
          <a href="/" onClick={onLinkClick}>
            {t('nav.portal')}
          </a>
          {(props.crumbs || []).map((c) => (
            <span key={c.href}>
              <span aria-hidden="true"> › </span>
              <a href={c.href} onClick={onLinkClick}>
                {c.label}
              </a>
            </span>
          ))}
        </nav>
        <div class="topbar-right">
          <button type="button" class="link-button lang-switch" aria-label={t('nav.languageLabel')} onClick={() => setLang(lang() === 'ja' ? 'en' : 'ja')}>
            {t('nav.language')}
          </button>
          {s && props.inbox !== false && pendingStep() === null && <InboxLink />}
          {s && (
            <div class="user-menu">
              <button type="button" class="user-button" aria-haspopup="true" aria-expanded={menu} title={t('nav.userMenu')} onClick={() => setMenu(!menu)}>
                {s.user.name}
              </button>
              {menu && (
                <ul class="menu" role="menu">
                  {s.user.roles && s.user.roles.length > 0 && (
                    <li role="none">
                      <a role="menuitem" href="/admin" onClick={(e) => { setMenu(false); onLinkClick(e); }}>
                        {t('nav.admin')}
                      </a>
                    </li>
                  )}
                  <li role="none">
                    <a role="menuitem" href="/me" onClick={(e) => { setMenu(false); onLinkClick(e); }}>
                      {t('me.title')}
                    </a>
                  </li>
                  {(s.protectionManager || (s.user.roles || []).some((r) => ['chief_protection_manager', 'security_admin', 'auditor'].includes(r))) && (
                    <li role="none">
                      <a role="menuitem" href="/incidents" onClick={(e) => { setMenu(false); onLinkClick(e); }}>
                        {t('incidents.nav')}
                      </a>
                    </li>
                  )}
                  <li role="none">
                    <a role="menuitem" href="/exports" onClick={(e) => { setMenu(false); onLinkClick(e); }}>
                      {t('nav.exports')}
                    </a>
                  </li>
                  <li role="none">
                    <a role="menuitem" href="/overtime" onClick={(e) => { setMenu(false); onLinkClick(e); }}>
                      {t('nav.hours')}
                    </a>
                  </li>
                  <li role="none">
                    <a role="menuitem" href="/account" onClick={(e) => { setMenu(false); onLinkClick(e); }}>
                      {t('nav.account')}
                    </a>
                  </li>
                  <li role="none">
                    <button
                      role="menuitem"
                      type="button"
                      onClick={async () => {
                        setMenu(false);
                        await logout();
                        navigate('/login');
                      }}
                    >
                      {t('nav.logout')}
                    </button>
                  </li>
                </ul>
              )}
            </div>
          )}
        </div>
      </header>
      <main id="main" class="page" tabIndex={-1}>
        <div class="page-head">
          <h1>{props.title}</h1>
          {props.actions && <div class="page-actions">{props.actions}</div>}
        </div>
        {props.children}
      </main>
    </div>
  );
}
