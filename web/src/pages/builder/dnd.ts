// What is being dragged on the form designer (the browser hides drag data until the
// drop, so the designer keeps it here), and where in a row a pointer would drop it.
import type { FieldType } from '../../api/types';

export type Dragged = { kind: 'new'; type: FieldType } | { kind: 'system'; key: string } | { kind: 'move'; key: string; type: FieldType };

let current: Dragged | null = null;
const MIME = 'application/x-daicho-field';

export function startDrag(e: DragEvent, what: Dragged): void {
  current = what;
  if (e.dataTransfer) {
    e.dataTransfer.effectAllowed = what.kind === 'move' ? 'move' : 'copy';
    e.dataTransfer.setData(MIME, JSON.stringify(what));
    e.dataTransfer.setData('text/plain', '');
  }
  document.body.classList.add('is-dragging');
}

export function dragged(): Dragged | null {
  return current;
}

export function endDrag(): void {
  current = null;
  document.body.classList.remove('is-dragging');
}

/**
 * The insertion index in a row or table for a pointer at (x, y): before the first card
 * whose middle is to the right of the pointer on the pointer's line, else at the end.
 */
export function indexAt(container: HTMLElement, x: number, y: number): number {
  const cards = Array.from(container.querySelectorAll<HTMLElement>(':scope > [data-item]'));
  for (let i = 0; i < cards.length; i++) {
    const r = cards[i].getBoundingClientRect();
    if (y < r.top) return i;
    if (y <= r.bottom && x < r.left + r.width / 2) return i;
  }
  return cards.length;
}
