// Tells the header's inbox link that the open count may have changed.
const listeners = new Set<() => void>();

export function onInboxChange(f: () => void): () => void {
  listeners.add(f);
  return () => listeners.delete(f);
}

export function inboxChanged(): void {
  listeners.forEach((f) => f());
}
