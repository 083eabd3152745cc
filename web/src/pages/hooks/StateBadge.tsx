// The review state of an API token or webhook as a coloured label (Abiko §10).
import { t } from '../../i18n';
import '../../i18n/messages/hooks';
import '../../styles/hooks.css';

export type HookState = 'pending' | 'active' | 'refused' | 'inactive' | 'revoked';

export function StateBadge({ state }: { state: HookState }) {
  return <span class={`hook-state ${state}`}>{t(`hooks.state.${state}`)}</span>;
}
