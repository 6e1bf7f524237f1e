import { divRoundHalfUp, splitByBps, toFen, type Fen } from './money';

/**
 * The union's money rules around a loan that are not the schedule itself: which cap the interest subsidy
 * uses, how a default's loss is shared, and the union's part of what is recovered afterwards.
 */
export interface RiskShares {
  union: number;
  insurer: number;
  bank: number;
  guarantor: number;
}

/**
 * The annual rate the borrower pays at most (bps): the model-worker override when the borrower is a model
 * worker and the product sets one, else the product's cap; null means the product pays no interest subsidy.
 */
export function interestSubsidyCapBps(
  subsidy: { borrowerRateCapBps: number | null },
  modelWorker: { borrowerRateCapBps: number | null },
  modelWorkerLevel: string,
): number | null {
  if (modelWorkerLevel !== 'none' && modelWorker.borrowerRateCapBps !== null) return modelWorker.borrowerRateCapBps;
  return subsidy.borrowerRateCapBps;
}

/** A default's loss split by the product's risk shares, to the fen (the parts add up to the loss). */
export function shareLoss(lossFen: Fen, shares: RiskShares): Record<keyof RiskShares, Fen> {
  return splitByBps(lossFen, { union: shares.union, insurer: shares.insurer, bank: shares.bank, guarantor: shares.guarantor });
}

/** The union's part of what has been recovered in all: its share of the loss, in proportion, rounded half up. */
export function unionPartOfRecovered(recoveredFen: Fen, claim: { lossFen: Fen; unionShareFen: Fen }): Fen {
  if (claim.lossFen <= 0) return 0;
  return toFen(divRoundHalfUp(BigInt(recoveredFen) * BigInt(claim.unionShareFen), BigInt(claim.lossFen)));
}

/**
 * The union's part of one recovery: its part of everything recovered so far minus its part of what was
 * recovered before, so many small recoveries add up exactly, and a full recovery returns exactly its share.
 * Pass the claim as split (`{lossFen, unionShareFen}`: the product's rules may change after the claim); with
 * bare risk shares the union's part is its share of the recovered total.
 */
export function unionRecoveryShare(recoveredBeforeFen: Fen, amountFen: Fen, split: { lossFen: Fen; unionShareFen: Fen } | RiskShares): Fen {
  const part = (x: Fen) => ('lossFen' in split ? unionPartOfRecovered(x, split) : shareLoss(x, split).union);
  return part(recoveredBeforeFen + amountFen) - part(recoveredBeforeFen);
}
