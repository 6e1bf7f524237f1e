import { applyBps, divRoundHalfUp, toFen, type Fen } from './money';

/**
 * The union's subsidy on a member's card purchase at a partner merchant, from the agreement valid at the
 * purchase's time: amount × subsidy bps rounded half up, at most the per-transaction cap, and at most what
 * is left of the monthly cap (per card at that merchant). Never negative.
 */
export interface SubsidyTerms {
  subsidyBps: number;
  capPerTxnFen: Fen | null;
  capPerMonthFen: Fen | null;
}

export function purchaseSubsidy(amountFen: Fen, terms: SubsidyTerms, usedThisMonthFen: Fen): Fen {
  let s = applyBps(amountFen, terms.subsidyBps);
  if (terms.capPerTxnFen !== null) s = Math.min(s, terms.capPerTxnFen);
  if (terms.capPerMonthFen !== null) s = Math.min(s, Math.max(0, terms.capPerMonthFen - usedThisMonthFen));
  return Math.max(0, s);
}

/**
 * A refund gives back the subsidy in proportion: of the purchase's subsidy S on amount A, a refund of r
 * (with R already refunded before) returns round(S × (R + r) / A) − round(S × R / A), so refunds that add up to
 * the whole amount return exactly S. Returned as a positive number of fen to take back.
 */
export function refundSubsidy(purchaseAmountFen: Fen, purchaseSubsidyFen: Fen, refundedBeforeFen: Fen, refundFen: Fen): Fen {
  if (refundFen <= 0 || refundedBeforeFen + refundFen > purchaseAmountFen) throw new Error('refund outside the purchase');
  const S = BigInt(purchaseSubsidyFen);
  const A = BigInt(purchaseAmountFen);
  const after = divRoundHalfUp(S * BigInt(refundedBeforeFen + refundFen), A);
  const before = divRoundHalfUp(S * BigInt(refundedBeforeFen), A);
  return toFen(after - before);
}

/** The member's discount at the merchant (for statements): amount × discount bps, rounded half up. */
export function memberDiscount(amountFen: Fen, discountBps: number): Fen {
  return applyBps(amountFen, discountBps);
}
