/**
 * 会员转会 as data: states, the events that move them, and which side of the transfer may fire each event.
 * The receiving union decides (accept, reject); the side that started it may withdraw it (cancel).
 */
export const transferStates = ['pending', 'accepted', 'rejected', 'cancelled'] as const;
export type TransferState = (typeof transferStates)[number];
export type TransferEvent = 'accept' | 'reject' | 'cancel';
export type TransferSide = 'sending' | 'receiving';

interface Transition {
  from: TransferState;
  to: TransferState;
  /** Who may fire it: the receiving union, or whichever side started the transfer. */
  by: 'receiving' | 'initiator';
}

export const transferTransitions: Record<TransferEvent, Transition> = {
  accept: { from: 'pending', to: 'accepted', by: 'receiving' },
  reject: { from: 'pending', to: 'rejected', by: 'receiving' },
  cancel: { from: 'pending', to: 'cancelled', by: 'initiator' },
};

export type TransitionCheck = { ok: true; to: TransferState } | { ok: false; reason: 'state' | 'side' };

/** May `actingSides` (the sides whose union lies in the actor's scope) fire `event` on a transfer in `state`? */
export function checkTransferEvent(state: TransferState, event: TransferEvent, initiatedBy: TransferSide, actingSides: TransferSide[]): TransitionCheck {
  const t = transferTransitions[event];
  if (t.from !== state) return { ok: false, reason: 'state' };
  const needed: TransferSide = t.by === 'receiving' ? 'receiving' : initiatedBy;
  return actingSides.includes(needed) ? { ok: true, to: t.to } : { ok: false, reason: 'side' };
}
