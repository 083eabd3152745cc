// Client-side routes: the server answers index.html for every path that is not an API,
// so links are plain URLs. match() turns a path into a route; navigate() moves without a
// page load; useRoute() re-renders on changes (links, back and forward).
import { useEffect, useState } from 'preact/hooks';

export type Route =
  | { name: 'login' }
  | { name: 'portal' }
  | { name: 'account' }
  | { name: 'builder'; app: string; tab: string }
  | { name: 'records'; app: string; view?: string }
  | { name: 'record'; app: string; id: string }
  | { name: 'recordNew'; app: string; copyOf?: string }
  | { name: 'import'; app: string }
  | { name: 'admin'; section: string }
  | { name: 'inbox' }
  | { name: 'overtime' }
  | { name: 'incidents'; id?: string }
  | { name: 'me' }
  | { name: 'report' }
  | { name: 'exports' }
  | { name: 'notFound' };

export function match(pathname: string, search: string): Route {
  const q = new URLSearchParams(search);
  const p = pathname.replace(/\/+$/, '') || '/';
  let m: RegExpMatchArray | null;
  if (p === '/') return { name: 'portal' };
  if (p === '/login') return { name: 'login' };
  if (p === '/account') return { name: 'account' };
  if ((m = p.match(/^\/apps\/(\d+)\/builder(?:\/(\w+))?$/))) return { name: 'builder', app: m[1], tab: m[2] || 'form' };
  if ((m = p.match(/^\/apps\/(\d+)$/))) return { name: 'records', app: m[1], view: q.get('view') || undefined };
  if ((m = p.match(/^\/apps\/(\d+)\/records\/new$/))) return { name: 'recordNew', app: m[1], copyOf: q.get('copy') || undefined };
  if ((m = p.match(/^\/apps\/(\d+)\/records\/(\d+)$/))) return { name: 'record', app: m[1], id: m[2] };
  if ((m = p.match(/^\/apps\/(\d+)\/import$/))) return { name: 'import', app: m[1] };
  if ((m = p.match(/^\/admin(?:\/([\w-]+))?$/))) return { name: 'admin', section: m[1] || '' };
  if (p === '/inbox') return { name: 'inbox' };
  if (p === '/overtime') return { name: 'overtime' };
  if (p === '/incidents') return { name: 'incidents', id: q.get('id') || undefined };
  if (p === '/me') return { name: 'me' };
  if (p === '/report') return { name: 'report' };
  if (p === '/exports') return { name: 'exports' };
  return { name: 'notFound' };
}

const listeners = new Set<() => void>();

export function navigate(to: string, replace = false): void {
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  listeners.forEach((f) => f());
  window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => listeners.forEach((f) => f()));

export function useRoute(): Route {
  const [route, setRoute] = useState(() => match(location.pathname, location.search));
  useEffect(() => {
    const f = () => setRoute(match(location.pathname, location.search));
    listeners.add(f);
    return () => void listeners.delete(f);
  }, []);
  return route;
}

/** Click handler for <a href> that navigates inside the app (keeps new-tab clicks). */
export function onLinkClick(e: MouseEvent): void {
  const a = (e.currentTarget as HTMLAnchorElement) || null;
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  e.preventDefault();
  navigate(a.getAttribute('href') || '/');
}
