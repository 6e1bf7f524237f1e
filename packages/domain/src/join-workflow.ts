/**
 * 网上入会 as data: an application waits for the chosen unit's cadres, who approve it (the member is
 * created) or reject it with a reason. Decided applications stay as they are; a new one may follow.
 */
export const joinStates = ['pending', 'approved', 'rejected', 'withdrawn'] as const;
export type JoinState = (typeof joinStates)[number];
export type JoinEvent = 'approve' | 'reject';

export const joinTransitions: Record<JoinEvent, { from: JoinState; to: JoinState }> = {
  approve: { from: 'pending', to: 'approved' },
  reject: { from: 'pending', to: 'rejected' },
};

/** The state after `event`, or null when the application cannot take it in `state`. */
export function nextJoinState(state: JoinState, event: JoinEvent): JoinState | null {
  const t = joinTransitions[event];
  return t.from === state ? t.to : null;
}

/**
 * The applicant's reference: 12 characters of Crockford's base32 (no I, L, O, U), about 60 random bits,
 * so guessing one is hopeless and reading one aloud is unambiguous.
 */
export const REFERENCE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function referenceFromBytes(bytes: Uint8Array, length = 12): string {
  let out = '';
  for (let i = 0; i < length; i++) out += REFERENCE_ALPHABET[(bytes[i] ?? 0) % 32];
  return out;
}

/** What a person may type for a reference: any case, spaces or dashes, O for 0 and I/L for 1. */
export function normaliseReference(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
}
