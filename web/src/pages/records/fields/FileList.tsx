// Attached files: images as thumbnails (fetched as a blob, shown through an object URL
// that the strict CSP allows), every file as a download link with its name and size.
import { useEffect, useState } from 'preact/hooks';
import type { FileRef } from '../../../api/types';
import { formatBytes, t } from '../../../i18n';

export function fileUrl(key: string): string {
  return `/k/v1/file.json?fileKey=${encodeURIComponent(key)}`;
}

export function Thumbnail({ file, size }: { file: FileRef; size?: string }) {
  const [src, setSrc] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    fetch(fileUrl(file.fileKey), { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.blob() : Promise.reject(new Error(String(r.status)))))
      .then((b) => {
        if (!live) return;
        url = URL.createObjectURL(b);
        setSrc(url);
      })
      .catch(() => live && setFailed(true));
    return () => {
      live = false;
      if (url) URL.revokeObjectURL(url);
    };
  }, [file.fileKey]);
  const cls = `thumb thumb-${['50', '250', '500'].includes(size || '') ? size : '150'}`;
  if (failed) return null;
  return src ? <img class={cls} src={src} alt={file.name} /> : <span class={`${cls} thumb-loading`} aria-hidden="true" />;
}

export function isImage(f: FileRef): boolean {
  return /^image\/(png|jpeg|gif|webp|bmp|svg\+xml)$/i.test(f.contentType || '');
}

export function FileList({ files, thumbSize }: { files: FileRef[]; thumbSize?: string }) {
  return (
    <ul class="file-list">
      {files.map((f) => (
        <li key={f.fileKey}>
          {isImage(f) && (
            <a href={fileUrl(f.fileKey)} target="_blank" rel="noopener noreferrer" class="thumb-link" aria-label={t('rec.openImage', { name: f.name })}>
              <Thumbnail file={f} size={thumbSize} />
            </a>
          )}
          <a href={fileUrl(f.fileKey)} download={f.name} class="file-name">
            {f.name}
          </a>
          <span class="muted file-size">{formatBytes(Number(f.size) || 0)}</span>
        </li>
      ))}
    </ul>
  );
}
