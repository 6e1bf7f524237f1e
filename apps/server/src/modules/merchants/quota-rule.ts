import type { FieldError } from '../../lib/app-error';

/**
 * The hand-down rule of merchant-signing quotas: what a unit hands to its children may not add up to more
 * than its own quota (the top of the tree has no quota above it, so no limit), and no child may be set below
 * what it has itself already handed on. Children not in the request keep their quota.
 */
export interface HandDown {
  /** The parent's own quota; null means no limit (the top of the tree). */
  parentQuota: number | null;
  /** The quotas asked for, in request order. */
  requested: { orgId: number; quota: number }[];
  /** Quotas the parent's other children already hold. */
  otherChildren: number[];
  /** What each requested child has already handed to its own children. */
  handedOnBy: Map<number, number>;
}

export function checkHandDown(h: HandDown): FieldError[] {
  const errors: FieldError[] = [];
  h.requested.forEach((r, i) => {
    const below = h.handedOnBy.get(r.orgId) ?? 0;
    if (r.quota < below) errors.push({ path: `quotas.${i}.quota`, code: 'merchant.quotaBelowChildren' });
  });
  const total = h.requested.reduce((s, r) => s + r.quota, 0) + h.otherChildren.reduce((s, q) => s + q, 0);
  if (h.parentQuota !== null && total > h.parentQuota) errors.push({ path: 'quotas', code: 'merchant.quotaExceedsParent' });
  return errors;
}
