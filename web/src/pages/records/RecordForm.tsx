// Adding or editing a record: inputs per field in the form's layout, the server's field
// messages at their fields (and focus on the first), required marks, and updates that
// carry the revision the person started from. When someone else saved first (GAIA_CO02)
// the form says so and offers to load the latest version.
import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { t } from '../../i18n';
import type { AppMeta } from './appMeta';
import { SYSTEM_TYPES } from './appMeta';
import { recordErrors, type RecordErrors } from './fields/errors';
import { FieldInput } from './fields/FieldInput';
import { writeRecord, type FormValues } from './fields/values';
import { FormLayout } from './FormLayout';
import { CONFIRM_HEADERS, isMyNumberConfirm, MyNumberConfirmDialog } from '../mynumber/MyNumberConfirm';

export function RecordForm(p: {
  meta: AppMeta;
  initial: FormValues;
  id?: string;
  revision?: string;
  onSaved: (id: string) => void;
  onCancel: () => void;
  onReload?: () => void;
}) {
  const [values, setValues] = useState<FormValues>(p.initial);
  const [errors, setErrors] = useState<RecordErrors>({ fields: {}, other: [] });
  const [failure, setFailure] = useState<unknown>(null);
  const [conflict, setConflict] = useState(false);
  const [saving, setSaving] = useState(false);
  const [busy, setBusy] = useState(0);
  // A possible individual number in prose (DC_MN02, Abiko §5(2)): the person confirms, then
  // the same write is sent again with the confirmation header.
  const [confirmMn, setConfirmMn] = useState<ApiError | null>(null);
  const form = useRef<HTMLFormElement>(null);
  const latest = useRef(values);
  latest.current = values;
  useEffect(() => {
    // A reload (after someone else saved first) starts over from the latest version.
    setValues(p.initial);
    setConflict(false);
    setFailure(null);
    setErrors({ fields: {}, other: [] });
  }, [p.initial]);
  const onBusy = (d: number) => setBusy((n) => n + d);

  useEffect(() => {
    // After a refusal: the first field with a message gets the focus.
    const bad = form.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (bad) bad.focus();
    else if (failure) form.current?.querySelector<HTMLElement>('[role="alert"]')?.focus();
  }, [errors, failure]);

  const save = async (confirmed: boolean) => {
    if (saving || busy) return;
    setSaving(true);
    setFailure(null);
    setConflict(false);
    setConfirmMn(null);
    setErrors({ fields: {}, other: [] });
    const record = writeRecord(p.meta.props, latest.current);
    const opts = confirmed ? { headers: CONFIRM_HEADERS } : undefined;
    try {
      if (p.id) {
        await api.put('/k/v1/record.json', { app: p.meta.app.appId, id: p.id, revision: p.revision, record }, opts);
        p.onSaved(p.id);
      } else {
        const r = await api.post<{ id: string }>('/k/v1/record.json', { app: p.meta.app.appId, record }, opts);
        p.onSaved(r.id);
      }
    } catch (err) {
      if (isMyNumberConfirm(err) && !confirmed) {
        setErrors(recordErrors(err.errors));
        setConfirmMn(err);
        return;
      }
      if (err instanceof ApiError && err.code === 'GAIA_CO02') setConflict(true);
      else if (err instanceof ApiError) setErrors(recordErrors(err.errors));
      setFailure(err);
    } finally {
      setSaving(false);
    }
  };
  const submit = (e: Event) => {
    e.preventDefault();
    void save(false);
  };

  const field = (code: string) => {
    const prop = p.meta.props[code];
    if (SYSTEM_TYPES.has(prop.type)) return null;
    return (
      <FieldInput
        prop={prop}
        value={values[code] ?? null}
        onChange={(v) => setValues((old) => ({ ...old, [code]: v }))}
        id={`f-${code}`}
        errors={errors.fields}
        onBusy={onBusy}
      />
    );
  };

  return (
    <form ref={form} class="record-form" onSubmit={submit} noValidate aria-busy={saving}>
      {conflict ? (
        <div class="warn-banner" role="alert" tabIndex={-1}>
          <p>
            <strong>{t('rec.conflictTitle')}</strong>
          </p>
          <p>{t('rec.conflictBody')}</p>
          <button type="button" class="primary" onClick={p.onReload}>
            {t('rec.reloadLatest')}
          </button>
        </div>
      ) : (
        failure && (
          <div tabIndex={-1}>
            <ErrorMessage error={failure} />
            {Object.keys(errors.fields).length > 0 && <p class="field-error">{t('rec.fixFields')}</p>}
            {errors.other.map((m) => (
              <p class="field-error" key={m}>
                {m}
              </p>
            ))}
          </div>
        )
      )}
      {confirmMn && (
        <MyNumberConfirmDialog
          error={confirmMn}
          busy={saving}
          onConfirm={() => void save(true)}
          onCancel={() => {
            setFailure(confirmMn);
            setConfirmMn(null);
          }}
        />
      )}
      <FormLayout props={p.meta.props} layout={p.meta.layout} field={field} />
      <div class="form-actions">
        <button type="button" onClick={p.onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="primary" disabled={saving || busy > 0}>
          {saving ? t('rec.saving') : busy > 0 ? t('rec.waitUploads') : t('common.save')}
        </button>
      </div>
    </form>
  );
}
