// A server refusal shown as the server's own human message (and the support id), never
// as a raw code or a blank page.
import { ApiError } from '../api/client';
import { t } from '../i18n';

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function ErrorMessage({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  if (!error) return null;
  const id = error instanceof ApiError && error.id ? error.id : '';
  return (
    <div class="error-banner" role="alert">
      <strong>{t('common.errorTitle')}: </strong>
      {errorText(error)}
      {id && <span class="error-id"> ({id})</span>}
      {onRetry && (
        <button type="button" class="link-button" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
