// The bulk-download warning (Kuki 第20条) on the reading side: when the server refuses a
// read with DC_DL01 the person sees its message (how many, the threshold, the rule) and
// may state a reason; the caller repeats the request with the reason header. DC_DL02
// (the hard cap) is a plain refusal: the ordinary error message shows it.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { t, useLang } from '../../i18n';
import '../../i18n/messages/downloads';

export const REASON_HEADER = 'X-Daicho-Download-Reason';

/** True when e is the threshold warning that a stated reason lets through. */
export function isDownloadWarning(e: unknown): e is ApiError {
  return e instanceof ApiError && e.code === 'DC_DL01';
}

/** The header carrying a reason (URL-encoded, so any language passes through HTTP). */
export function reasonHeaders(reason: string | null): Record<string, string> {
  return reason ? { [REASON_HEADER]: encodeURIComponent(reason) } : {};
}

/** The explanation and the reason field, for use inside a dialog or on its own. */
export function ReasonForm(p: { error: ApiError; busy?: boolean; onSubmit: (reason: string) => void; onCancel: () => void }) {
  useLang();
  const [reason, setReason] = useState('');
  const [short, setShort] = useState(false);
  const submit = (e: Event) => {
    e.preventDefault();
    const r = reason.trim();
    if ([...r].length < 4) {
      setShort(true);
      return;
    }
    p.onSubmit(r);
  };
  return (
    <form class="download-reason" onSubmit={submit}>
      <p class="warn-banner" role="alert">
        {p.error.message}
      </p>
      <p>{t('dl.intro')}</p>
      <label for="dl-reason">{t('dl.reason')}</label>
      <textarea
        id="dl-reason"
        name="reason"
        rows={3}
        maxLength={500}
        placeholder={t('dl.reasonHint')}
        value={reason}
        onInput={(e) => {
          setReason((e.target as HTMLTextAreaElement).value);
          setShort(false);
        }}
      />
      {short && <p class="field-error">{t('dl.reasonShort')}</p>}
      <div class="dialog-footer">
        <button type="button" onClick={p.onCancel}>
          {t('dl.cancel')}
        </button>
        <button type="submit" class="primary" disabled={p.busy}>
          {t('dl.proceed')}
        </button>
      </div>
    </form>
  );
}

/** ReasonForm in its own modal dialog (the records list). */
export function DownloadReasonDialog(p: { error: ApiError; onSubmit: (reason: string) => void; onCancel: () => void }) {
  useLang();
  return (
    <Dialog title={t('dl.title')} open onClose={p.onCancel}>
      <ReasonForm error={p.error} onSubmit={p.onSubmit} onCancel={p.onCancel} />
    </Dialog>
  );
}
