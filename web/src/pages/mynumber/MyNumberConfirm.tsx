// The My Number guard on the writing side (Abiko §5(2)): when the server answers DC_MN02
// (a bare 12-digit number in long prose that may be an individual number) the person sees
// the server's message, ticks that it is not one, and the caller repeats the write with
// the confirmation header. DC_MN01 (a refusal) is shown by the ordinary error display, at
// the field it names; no dialog lets it through.
import { useState } from 'preact/hooks';
import { ApiError } from '../../api/client';
import { Dialog } from '../../components/Dialog';
import { t, useLang } from '../../i18n';
import '../../i18n/messages/mynumber';

/** The header (and value) the server accepts as the person's confirmation. */
export const CONFIRM_HEADERS: Record<string, string> = { 'X-Daicho-Confirm': 'mynumber' };

/** True when e asks the person to confirm a possible individual number. */
export function isMyNumberConfirm(e: unknown): e is ApiError {
  return e instanceof ApiError && e.code === 'DC_MN02';
}

export function MyNumberConfirmDialog(p: { error: ApiError; busy?: boolean; onConfirm: () => void; onCancel: () => void }) {
  useLang();
  const [checked, setChecked] = useState(false);
  return (
    <Dialog title={t('mn.title')} open onClose={p.onCancel}>
      <div class="mynumber-confirm">
        <p class="warn-banner" role="alert">
          {p.error.message}
        </p>
        <p>{t('mn.intro')}</p>
        <label class="checkbox">
          <input type="checkbox" checked={checked} onChange={(e) => setChecked(e.currentTarget.checked)} /> {t('mn.check')}
        </label>
        <div class="dialog-footer">
          <button type="button" onClick={p.onCancel}>
            {t('mn.back')}
          </button>
          <button type="button" class="primary" disabled={!checked || p.busy} onClick={p.onConfirm}>
            {t('mn.proceed')}
          </button>
        </div>
      </div>
    </Dialog>
  );
}
