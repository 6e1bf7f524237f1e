import { useMemo, useRef } from 'react';

/**
 * A random v4 UUID. `crypto.randomUUID` exists only in secure contexts (HTTPS or localhost); a console
 * opened over plain HTTP on the union's intranet still has `getRandomValues`, so the key is built from it.
 */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One Idempotency-Key per intended money operation: `key()` hands out the same key until `done()` (after
 * a success, or when the form closes), so a double click, a retry after a network failure or a second
 * press after a timeout replays the first answer instead of applying twice. A refused request stores
 * nothing on the server, so correcting the form and sending again under the same key is fine.
 */
export function useIdempotencyKey() {
  const ref = useRef<string | null>(null);
  return useMemo(
    () => ({
      key: () => (ref.current ??= newIdempotencyKey()),
      done: () => {
        ref.current = null;
      },
    }),
    [],
  );
}
