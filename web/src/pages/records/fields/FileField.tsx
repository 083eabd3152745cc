// Attaching files in the form: the size limit is said before anything is chosen, each
// upload shows a progress bar, a file over the limit is refused here without sending it,
// and attached files can be removed. Uploads start at once; the record keeps the keys.
import { useRef, useState } from 'preact/hooks';
import { uploadFile } from '../../../api/client';
import type { FileRef } from '../../../api/types';
import { errorText } from '../../../components/ErrorMessage';
import { formatBytes, t } from '../../../i18n';
import { session } from '../../../session';

interface Upload {
  id: number;
  name: string;
  progress: number;
  error?: string;
}

let seq = 0;

export function FileField(p: {
  id: string;
  label: string;
  value: FileRef[];
  onChange: (v: FileRef[]) => void;
  onBusy?: (delta: number) => void;
  invalid?: boolean;
  describedBy?: string;
}) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const latest = useRef(p.value);
  latest.current = p.value;
  const max = Number(session()?.limits.maxFileBytes || 0);
  const hintId = `${p.id}-limit`;
  const patch = (id: number, u: Partial<Upload>) => setUploads((list) => list.map((x) => (x.id === id ? { ...x, ...u } : x)));
  const add = (files: FileList | null) => {
    for (const file of Array.from(files || [])) {
      const id = ++seq;
      if (max && file.size > max) {
        setUploads((l) => [...l, { id, name: file.name, progress: 0, error: t('rec.fileTooLarge', { max: formatBytes(max), size: formatBytes(file.size) }) }]);
        continue;
      }
      setUploads((l) => [...l, { id, name: file.name, progress: 0 }]);
      p.onBusy?.(1);
      uploadFile(file, (f) => patch(id, { progress: f }))
        .then((fileKey) => {
          setUploads((l) => l.filter((x) => x.id !== id));
          const ref: FileRef = { fileKey, name: file.name, size: String(file.size), contentType: file.type || 'application/octet-stream' };
          latest.current = [...latest.current, ref];
          p.onChange(latest.current);
        })
        .catch((e) => patch(id, { error: errorText(e) }))
        .finally(() => p.onBusy?.(-1));
    }
    if (input.current) input.current.value = '';
  };
  return (
    <div class="file-field">
      {p.value.length > 0 && (
        <ul class="file-list editing">
          {p.value.map((f) => (
            <li key={f.fileKey}>
              <span class="file-name">{f.name}</span>
              <span class="muted file-size">{formatBytes(Number(f.size) || 0)}</span>
              <button type="button" class="small" aria-label={t('rec.removeFile', { name: f.name })} onClick={() => p.onChange(p.value.filter((x) => x.fileKey !== f.fileKey))}>
                {t('rec.remove')}
              </button>
            </li>
          ))}
        </ul>
      )}
      {uploads.map((u) => (
        <div key={u.id} class={u.error ? 'upload upload-failed' : 'upload'}>
          <span class="file-name">{u.name}</span>
          {u.error ? (
            <>
              <span class="field-error" role="alert">
                {u.error}
              </span>
              <button type="button" class="small" onClick={() => setUploads((l) => l.filter((x) => x.id !== u.id))}>
                {t('common.close')}
              </button>
            </>
          ) : (
            <>
              <progress max={100} value={Math.round(u.progress * 100)} aria-label={t('rec.uploading', { name: u.name })} />
              <span class="muted">{Math.round(u.progress * 100)}%</span>
            </>
          )}
        </div>
      ))}
      <label class="button file-pick">
        <input
          ref={input}
          id={p.id}
          type="file"
          multiple
          class="sr-only"
          aria-invalid={p.invalid || undefined}
          aria-describedby={[hintId, p.describedBy].filter(Boolean).join(' ')}
          onChange={(e) => add(e.currentTarget.files)}
        />
        {t('rec.chooseFiles')}
      </label>
      <p id={hintId} class="hint">
        {max ? t('rec.fileLimit', { max: formatBytes(max) }) : ''}
      </p>
    </div>
  );
}
