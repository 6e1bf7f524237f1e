/**
 * A subsidy batch (贴息/贴费发放批次) as data: one cadre prepares it (maker), a different cadre approves it
 * (checker), then it is marked paid; until paid it may be cancelled, which releases its items.
 */
export const subsidyBatchStates = ['prepared', 'approved', 'paid', 'cancelled'] as const;
export type SubsidyBatchState = (typeof subsidyBatchStates)[number];
export const subsidyBatchEvents = ['approve', 'pay', 'cancel'] as const;
export type SubsidyBatchEvent = (typeof subsidyBatchEvents)[number];

export const subsidyBatchTransitions: Record<SubsidyBatchEvent, { from: readonly SubsidyBatchState[]; to: SubsidyBatchState; makerMay: boolean }> = {
  approve: { from: ['prepared'], to: 'approved', makerMay: false },
  pay: { from: ['approved'], to: 'paid', makerMay: true },
  cancel: { from: ['prepared', 'approved'], to: 'cancelled', makerMay: true },
};

export type SubsidyBatchCheck = { ok: true; to: SubsidyBatchState } | { ok: false; reason: 'state' | 'maker' };

export function checkSubsidyBatchEvent(state: SubsidyBatchState, event: SubsidyBatchEvent, actorIsMaker: boolean): SubsidyBatchCheck {
  const t = subsidyBatchTransitions[event];
  if (!t.from.includes(state)) return { ok: false, reason: 'state' };
  if (actorIsMaker && !t.makerMay) return { ok: false, reason: 'maker' };
  return { ok: true, to: t.to };
}
