/**
 * The member service card's life as data. The funnel runs collected → applied → issued → activated; an
 * activated card may be frozen and unfrozen; an issued, activated or frozen card may be reported lost, and a
 * lost card is marked replaced when its successor (which names it) is issued. Any live card may be cancelled.
 * `lost`, `replaced` and `cancelled` end the card: the member may then hold a new one.
 */
export const cardStates = ['collected', 'applied', 'issued', 'activated', 'frozen', 'lost', 'replaced', 'cancelled'] as const;
export type CardState = (typeof cardStates)[number];

export const cardEvents = ['apply', 'issue', 'activate', 'freeze', 'unfreeze', 'report_lost', 'replace', 'cancel'] as const;
export type CardEvent = (typeof cardEvents)[number];

/** Who may cause the event: the union side (cadres, the member in the portal) or the issuing bank. */
export type CardActor = 'union' | 'bank' | 'member';

export const cardTransitions: Record<CardEvent, { from: readonly CardState[]; to: CardState; by: readonly CardActor[] }> = {
  apply: { from: ['collected'], to: 'applied', by: ['union', 'member'] },
  issue: { from: ['collected', 'applied'], to: 'issued', by: ['bank'] },
  activate: { from: ['issued'], to: 'activated', by: ['bank'] },
  freeze: { from: ['activated'], to: 'frozen', by: ['bank', 'member'] },
  unfreeze: { from: ['frozen'], to: 'activated', by: ['bank'] },
  report_lost: { from: ['issued', 'activated', 'frozen'], to: 'lost', by: ['bank', 'member'] },
  replace: { from: ['lost'], to: 'replaced', by: ['bank'] },
  cancel: { from: ['collected', 'applied', 'issued', 'activated', 'frozen'], to: 'cancelled', by: ['union', 'bank', 'member'] },
};

export const closedCardStates: readonly CardState[] = ['lost', 'replaced', 'cancelled'];
/** States that count as "issued" in the funnel (the card exists at the bank and is live). */
export const issuedCardStates: readonly CardState[] = ['issued', 'activated', 'frozen'];

export type CardCheck = { ok: true; to: CardState } | { ok: false; reason: 'state' | 'actor' };

export function checkCardEvent(state: CardState, event: CardEvent, actor: CardActor): CardCheck {
  const t = cardTransitions[event];
  if (!t.from.includes(state)) return { ok: false, reason: 'state' };
  if (!t.by.includes(actor)) return { ok: false, reason: 'actor' };
  return { ok: true, to: t.to };
}

export function isLiveCard(state: CardState): boolean {
  return !closedCardStates.includes(state);
}

/** A card number as printed: 16–19 digits (spaces and dashes ignored); null otherwise. */
export function normaliseCardNumber(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '');
  return /^\d{16,19}$/.test(digits) ? digits : null;
}

/** Shown masked: the last four digits only. */
export function maskCardNumber(last4: string | null): string {
  return last4 ? `**** **** **** ${last4}` : '—';
}
