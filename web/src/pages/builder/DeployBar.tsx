// The deploy action shown on every tab of the builder: whether the preview has changes
// the running app does not, "deploy" (saving unsaved work first, after asking), and
// "discard changes"; the progress and the outcome in a dialog, a failure explained with
// the server's reasons next to the fields they concern.
import { useState } from 'preact/hooks';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Spinner } from '../../components/Spinner';
import { t } from '../../i18n';
import { onLinkClick } from '../../router';
import type { Deploy, DeployError } from './useDeploy';

export interface DeployActions {
  app: string;
  deploy: Deploy;
  dirty: boolean; // unsaved work on some tab
  saveAll: () => Promise<boolean>;
  afterDiscard: () => Promise<void>;
  labelOf: (code: string) => string | null;
  reveal: (code: string) => void; // opens the form tab with that field's settings
}

/** The reasons of a failed deployment, one line per field error with the field's label and a way to it. */
export function FailReasons({ error, labelOf, reveal }: { error: DeployError | null; labelOf: (code: string) => string | null; reveal?: (code: string) => void }) {
  if (!error) return <p>{t('builder.deploy.failUnknown')}</p>;
  const lines = Object.entries(error.errors || {}).flatMap(([k, v]) => {
    const m = k.match(/^properties\.(.+?)(?:\.[A-Za-z]+)?$/);
    const label = m ? labelOf(m[1]) : null;
    return v.messages.map((msg) => ({ text: label ? t('builder.deploy.fieldReason', { label, message: msg }) : msg, code: label && m ? m[1] : null, label }));
  });
  return (
    <div class="deploy-fail" role="alert">
      {error.message && <p class="deploy-fail-message">{error.message}</p>}
      {lines.length > 0 && (
        <ul>
          {lines.map((l) => (
            <li key={l.text}>
              {l.text}
              {l.code && reveal && (
                <>
                  {' '}
                  <button type="button" class="link-button" onClick={() => reveal(l.code!)}>
                    {t('builder.deploy.openField', { label: l.label! })}
                  </button>
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** State text and the actions; `full` adds the explanation the deploy tab shows. */
export function useDeployActions(a: DeployActions) {
  const [confirmSave, setConfirmSave] = useState(false);
  const [confirmDiscard, setConfirmDiscard] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);
  const start = async () => {
    setSaveFailed(false);
    if (a.dirty) return setConfirmSave(true);
    await a.deploy.run(false);
  };
  const saveThenDeploy = async () => {
    setConfirmSave(false);
    if (!(await a.saveAll())) return setSaveFailed(true);
    await a.deploy.run(false);
  };
  const discard = async () => {
    setConfirmDiscard(false);
    if (await a.deploy.run(true)) await a.afterDiscard();
  };
  const phase = a.deploy.phase;
  const dialogs = (
    <>
      <Dialog
        title={t('builder.deploy.unsavedTitle')}
        open={confirmSave}
        onClose={() => setConfirmSave(false)}
        footer={
          <>
            <button type="button" onClick={() => setConfirmSave(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" class="primary" onClick={saveThenDeploy}>
              {t('builder.deploy.saveAndDeploy')}
            </button>
          </>
        }
      >
        <p>{t('builder.deploy.unsavedBody')}</p>
      </Dialog>
      <Dialog
        title={t('builder.deploy.discardTitle')}
        open={confirmDiscard}
        onClose={() => setConfirmDiscard(false)}
        footer={
          <>
            <button type="button" onClick={() => setConfirmDiscard(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" class="danger" onClick={discard}>
              {t('builder.deploy.discardConfirm')}
            </button>
          </>
        }
      >
        <p>{t('builder.deploy.discardBody')}</p>
      </Dialog>
      <Dialog
        title={phase.kind === 'idle' || phase.kind === 'running' ? (phase.kind === 'running' && phase.revert ? t('builder.deploy.discarding') : t('builder.deploy.running')) : phase.kind === 'success' ? (phase.revert ? t('builder.deploy.discarded') : t('builder.deploy.success')) : t('builder.deploy.failTitle')}
        open={phase.kind !== 'idle'}
        onClose={() => phase.kind !== 'running' && a.deploy.reset()}
        footer={
          phase.kind === 'running' ? undefined : (
            <>
              {phase.kind === 'success' && !phase.revert && (
                <a class="button primary" href={`/apps/${a.app}`} onClick={onLinkClick}>
                  {t('builder.deploy.openApp')}
                </a>
              )}
              <button type="button" onClick={() => a.deploy.reset()}>
                {t('common.close')}
              </button>
            </>
          )
        }
      >
        {phase.kind === 'running' && (
          <div class="deploy-progress">
            <Spinner label={phase.revert ? t('builder.deploy.discarding') : t('builder.deploy.running')} />
            <div class="progress-track" aria-hidden="true">
              <div class="progress-bar" />
            </div>
          </div>
        )}
        {phase.kind === 'success' && (
          <p class="success" role="status">
            {phase.revert ? t('builder.deploy.discardedBody') : t('builder.deploy.successBody')}
          </p>
        )}
        {phase.kind === 'fail' && (
          <>
            <FailReasons
              error={phase.error}
              labelOf={a.labelOf}
              reveal={(code) => {
                a.deploy.reset();
                a.reveal(code);
              }}
            />
            <p class="muted">{t('builder.deploy.failNothingChanged')}</p>
          </>
        )}
        {phase.kind === 'refused' && <ErrorMessage error={phase.error} />}
      </Dialog>
    </>
  );
  return { start, askDiscard: () => setConfirmDiscard(true), dialogs, saveFailed };
}

export function stateText(p: Deploy['pending']): string {
  return t(`builder.deploy.state.${p}`);
}

export function DeployBar(props: DeployActions & { controls: ReturnType<typeof useDeployActions> }) {
  const p = props.deploy.pending;
  const c = props.controls;
  const busy = props.deploy.phase.kind === 'running';
  return (
    <div class="deploy-bar">
      <span class={`deploy-state deploy-state-${props.dirty ? 'unsaved' : p}`}>{props.dirty ? t('builder.deploy.state.unsaved') : stateText(p)}</span>
      {p === 'pending' && (
        <button type="button" class="link-button" disabled={busy} onClick={c.askDiscard}>
          {t('builder.deploy.discard')}
        </button>
      )}
      <button type="button" class="primary" disabled={busy} onClick={c.start}>
        {t('builder.deploy.button')}
      </button>
      {c.saveFailed && (
        <p class="field-error deploy-save-failed" role="alert">
          {t('builder.deploy.saveFailed')}
        </p>
      )}
      {c.dialogs}
    </div>
  );
}
