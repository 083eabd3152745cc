// A small rich-text editor: an editable area with bold, italic, underline and lists.
// What it starts from is sanitised; what it sends is sanitised again by every reader.
import { useLayoutEffect, useRef } from 'preact/hooks';
import { t } from '../../../i18n';
import { sanitize } from './FieldDisplay';

const TOOLS: { cmd: string; key: string; label: string }[] = [
  { cmd: 'bold', key: 'rec.rtBold', label: 'B' },
  { cmd: 'italic', key: 'rec.rtItalic', label: 'I' },
  { cmd: 'underline', key: 'rec.rtUnderline', label: 'U' },
  { cmd: 'insertUnorderedList', key: 'rec.rtBullets', label: '•' },
  { cmd: 'insertOrderedList', key: 'rec.rtNumbers', label: '1.' },
];

export function RichTextInput(p: { id: string; labelledBy: string; value: string; onChange: (v: string) => void; invalid?: boolean; describedBy?: string }) {
  const area = useRef<HTMLDivElement>(null);
  const last = useRef<string | null>(null);
  useLayoutEffect(() => {
    // Only an outside change (loading, reloading) replaces the content; typing does not.
    // (A layout effect: a later one could compare a stale value with newer typing.)
    if (area.current && p.value !== last.current && p.value !== area.current.innerHTML) {
      area.current.innerHTML = sanitize(p.value || '');
      last.current = p.value;
    }
  }, [p.value]);
  const emit = () => {
    const html = area.current?.innerHTML || '';
    const v = html === '<br>' ? '' : html;
    last.current = v;
    p.onChange(v);
  };
  return (
    <div class={p.invalid ? 'rich-input invalid' : 'rich-input'}>
      <div class="rich-tools" role="toolbar" aria-label={t('rec.rtToolbar')} aria-controls={p.id}>
        {TOOLS.map((x) => (
          <button
            key={x.cmd}
            type="button"
            class={`small tool-${x.cmd}`}
            aria-label={t(x.key)}
            title={t(x.key)}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => {
              area.current?.focus();
              document.execCommand(x.cmd);
              emit();
            }}
          >
            {x.label}
          </button>
        ))}
      </div>
      <div
        ref={area}
        id={p.id}
        class="rich-area rich-text"
        contentEditable
        role="textbox"
        aria-multiline="true"
        aria-labelledby={p.labelledBy}
        aria-describedby={p.describedBy}
        aria-invalid={p.invalid || undefined}
        tabIndex={0}
        onInput={emit}
      />
    </div>
  );
}
