import { describe, expect, it } from 'vitest';
import { REFERENCE_ALPHABET, joinStates, nextJoinState, normaliseReference, referenceFromBytes, type JoinEvent } from './join-workflow';

describe('join workflow: every state × event', () => {
  const allowed: Record<string, string> = { 'pending approve': 'approved', 'pending reject': 'rejected' };
  for (const state of joinStates) {
    for (const event of ['approve', 'reject'] as JoinEvent[]) {
      const to = allowed[`${state} ${event}`] ?? null;
      it(`${state} —${event}→ ${to ?? 'refused'}`, () => expect(nextJoinState(state, event)).toBe(to));
    }
  }
});

describe('references', () => {
  it('use 12 unambiguous characters and read back whatever way they are typed', () => {
    const ref = referenceFromBytes(new Uint8Array([0, 1, 2, 3, 31, 30, 29, 28, 100, 200, 255, 17]));
    expect(ref).toHaveLength(12);
    expect([...ref].every((c) => REFERENCE_ALPHABET.includes(c))).toBe(true);
    expect(REFERENCE_ALPHABET).not.toMatch(/[ILOU]/);
    expect(normaliseReference(`${ref.slice(0, 4).toLowerCase()}-${ref.slice(4, 8)} ${ref.slice(8)}`)).toBe(ref);
    expect(normaliseReference('o1il')).toBe('0111');
  });
});
