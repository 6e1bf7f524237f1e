import { addMonths } from './calendar';

/**
 * A partner merchant's life: applied → active (approved) or rejected; active ⇄ suspended; active or
 * suspended → revoked. A revoked merchant may not sign again until the ban (3 years by default) has passed.
 */
export const merchantStates = ['applied', 'active', 'suspended', 'revoked', 'rejected'] as const;
export type MerchantState = (typeof merchantStates)[number];
export const merchantEvents = ['approve', 'reject', 'suspend', 'resume', 'revoke'] as const;
export type MerchantEvent = (typeof merchantEvents)[number];

export const merchantTransitions: Record<MerchantEvent, { from: readonly MerchantState[]; to: MerchantState }> = {
  approve: { from: ['applied'], to: 'active' },
  reject: { from: ['applied'], to: 'rejected' },
  suspend: { from: ['active'], to: 'suspended' },
  resume: { from: ['suspended'], to: 'active' },
  revoke: { from: ['active', 'suspended'], to: 'revoked' },
};

export function checkMerchantEvent(state: MerchantState, event: MerchantEvent): { ok: true; to: MerchantState } | { ok: false } {
  const t = merchantTransitions[event];
  return t.from.includes(state) ? { ok: true, to: t.to } : { ok: false };
}

/** The first day a merchant revoked on `revokedOn` may apply again (`banYears` later). */
export function reapplyAllowedFrom(revokedOn: string, banYears: number): string {
  return addMonths(revokedOn, banYears * 12);
}

export const merchantCategories = ['supermarket', 'catering', 'cinema', 'health_check', 'worker_station', 'fitness', 'education', 'travel', 'daily_service', 'other'] as const;
export type MerchantCategory = (typeof merchantCategories)[number];
