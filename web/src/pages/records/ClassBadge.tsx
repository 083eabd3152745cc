// The app's information class (and its lifecycle state when not simply in use), small, in
// the record list's header (RULES.md row 1: the class shown on every screen). Loaded from
// /api/app/governance.json; shows nothing when that cannot be read.
import { useEffect, useState } from 'preact/hooks';
import { api } from '../../api/client';
import { t, useLang } from '../../i18n';
import '../../i18n/messages/lifecycle';
import '../../styles/lifecycle.css';

interface Brief {
  infoClass: { label: string } | null;
  state: string;
  stateLabel: string;
}

export function ClassBadge({ app }: { app: string }) {
  useLang();
  const [g, setG] = useState<Brief | null>(null);
  useEffect(() => {
    api.get<Brief>('/api/app/governance.json', { app }).then(setG, () => setG(null));
  }, [app]);
  if (!g) return null;
  return (
    <span class="lc-badges">
      {g.infoClass && <span class="lc-class" title={t('lc.class')}>{t('lc.classBadge', { label: g.infoClass.label })}</span>}
      {g.state !== 'published' && <span class={`lc-state lc-state-${g.state}`}>{g.stateLabel}</span>}
    </span>
  );
}
