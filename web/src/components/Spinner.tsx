// A quiet loading indicator that screen readers announce.
import { t } from '../i18n';

export function Spinner({ label }: { label?: string }) {
  return (
    <div class="spinner" role="status" aria-live="polite">
      <span class="spinner-dot" aria-hidden="true" />
      <span>{label || t('common.loading')}</span>
    </div>
  );
}
