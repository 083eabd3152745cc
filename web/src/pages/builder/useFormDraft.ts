// The form tab's state, kept by the builder page so that switching tabs loses nothing:
// the saved form, the design, and saving the difference through the API in order
// (additions, changes, removals, layout). Errors the server gives for a field are kept
// by the field's key so the settings panel can show them next to the right control.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, ApiError } from '../../api/client';
import type { LayoutRow, Properties } from '../../api/types';
import { t } from '../../i18n';
import { checkForm } from './codes';
import { adopt, isDirty, plan, rebase, type Step } from './diff';
import { allFields, fromServer, toLayout, type Form } from './model';
import { seen, write, type Rev } from './revision';

/** Messages per field key, then per setting ("" for the field as a whole). */
export type FieldErrors = Record<string, Record<string, string[]>>;

export interface FormDraft {
  loading: boolean;
  loadError: unknown;
  saved: Properties;
  form: Form;
  setForm: (f: Form) => void;
  dirty: boolean;
  saving: boolean;
  saveError: unknown; // the banner (a refusal, or "fix the marked fields")
  errorDetails: string[]; // the server's messages that belong to no field on the form
  fieldErrors: FieldErrors;
  clearError: (key: string, setting: string) => void;
  save: () => Promise<boolean>;
  reload: () => Promise<void>;
}

/** Finds the field a server error key ("properties.<code>.<setting>") speaks of. */
function errorTarget(form: Form, key: string): { key: string; setting: string } | null {
  if (!key.startsWith('properties.')) return null;
  const rest = key.slice('properties.'.length);
  const dot = rest.lastIndexOf('.');
  const candidates = dot > 0 ? [[rest.slice(0, dot), rest.slice(dot + 1)], [rest, '']] : [[rest, '']];
  const all = allFields(form);
  for (const [code, setting] of candidates) {
    const f = all.find((x) => x.field.prop.code === code) || all.find((x) => x.field.orig === code);
    if (f) return { key: f.field.key, setting };
  }
  return null;
}

export function useFormDraft(app: string, rev: Rev): FormDraft {
  const [loading, setLoading] = useState(true);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [saved, setSaved] = useState<{ props: Properties; layout: LayoutRow[] }>({ props: {}, layout: [] });
  const [form, setFormState] = useState<Form>({ rows: [], unplaced: [] });
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const [errorDetails, setErrorDetails] = useState<string[]>([]);

  const fetchForm = async () => {
    const [f, l] = await Promise.all([
      api.get<{ properties: Properties; revision: string }>('/k/v1/preview/app/form/fields.json', { app }),
      api.get<{ layout: LayoutRow[]; revision: string }>('/k/v1/preview/app/form/layout.json', { app }),
    ]);
    seen(rev, f.revision);
    return { props: f.properties, layout: l.layout };
  };

  const reload = async () => {
    setLoading(true);
    setLoadError(null);
    try {
      const s = await fetchForm();
      setSaved(s);
      setFormState(fromServer(s.props, s.layout));
      setFieldErrors({});
      setSaveError(null);
      setErrorDetails([]);
    } catch (e) {
      setLoadError(e);
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => void reload(), [app]);

  const dirty = useMemo(() => !loading && !loadError && isDirty(saved.props, saved.layout, form), [saved, form, loading, loadError]);

  const run = (s: Step) => {
    const path = s.kind === 'layout' ? '/k/v1/preview/app/form/layout.json' : '/k/v1/preview/app/form/fields.json';
    if (s.kind === 'add') return write(rev, 'post', path, { app, properties: s.properties });
    if (s.kind === 'update') return write(rev, 'put', path, { app, properties: s.properties });
    if (s.kind === 'delete') return write(rev, 'del', path, { app, fields: s.fields });
    return write(rev, 'put', path, { app, layout: s.layout });
  };

  const save = async (): Promise<boolean> => {
    setSaveError(null);
    setErrorDetails([]);
    const problems = checkForm(form);
    if (problems.length) {
      const fe: FieldErrors = {};
      for (const p of problems) ((fe[p.key] ||= {})[p.setting] ||= []).push(t(p.message, p.vars));
      setFieldErrors(fe);
      setSaveError(new Error(t('builder.save.fixMarked')));
      return false;
    }
    setSaving(true);
    const steps: Step[] = [...plan(saved.props, form), { kind: 'layout', layout: toLayout(form) }];
    try {
      for (const s of steps) await run(s);
      const now = await fetchForm();
      setSaved(now);
      setFormState((f) => adopt(f, now.props));
      setFieldErrors({});
      return true;
    } catch (e) {
      const fe: FieldErrors = {};
      const other: string[] = [];
      if (e instanceof ApiError) {
        for (const [k, v] of Object.entries(e.errors)) {
          const at = errorTarget(form, k);
          if (at) ((fe[at.key] ||= {})[at.setting] ||= []).push(...v.messages);
          else other.push(...v.messages);
        }
      }
      setFieldErrors(fe);
      setErrorDetails(other);
      setSaveError(e);
      // Some steps may have gone through: compare against what the server holds now.
      try {
        const now = await fetchForm();
        setSaved(now);
        setFormState((f) => rebase(f, now.props));
      } catch {
        /* keep the banner of the first failure */
      }
      return false;
    } finally {
      setSaving(false);
    }
  };

  const clearError = (key: string, setting: string) => {
    if (!fieldErrors[key]?.[setting]) return;
    const next = { ...fieldErrors, [key]: { ...fieldErrors[key] } };
    delete next[key][setting];
    setFieldErrors(next);
  };

  return {
    loading, loadError, saved: saved.props, form, setForm: setFormState, dirty, saving, saveError, errorDetails, fieldErrors, clearError, save, reload,
  };
}
