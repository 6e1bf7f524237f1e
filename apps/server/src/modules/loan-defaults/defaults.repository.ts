import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';

export type ClaimRow = {
  loan_id: number;
  loss_fen: number;
  union_share_fen: number;
  insurer_share_fen: number;
  bank_share_fen: number;
  guarantor_share_fen: number;
  recovered_fen: number;
  written_off_fen: number;
  claimed_at: Date | null;
  union_paid: boolean;
};

export async function findClaim(tx: DbOrTx, loanId: number): Promise<ClaimRow | null> {
  const res = await tx.execute<ClaimRow>(sql`
    select c.*, exists (
             select 1 from ledger_transactions t
              where t.loan_id = c.loan_id and t.kind = 'claim_payment'
                and not exists (select 1 from ledger_transactions r where r.reverses_id = t.id)) as union_paid
      from loan_claims c where c.loan_id = ${loanId}`);
  return res.rows[0] ?? null;
}

export async function insertClaim(tx: DbOrTx, c: { loanId: number; lossFen: number; union: number; insurer: number; bank: number; guarantor: number; claimedAt: Date }) {
  await tx.execute(sql`
    insert into loan_claims (loan_id, loss_fen, union_share_fen, insurer_share_fen, bank_share_fen, guarantor_share_fen, claimed_at)
    values (${c.loanId}, ${c.lossFen}, ${c.union}, ${c.insurer}, ${c.bank}, ${c.guarantor}, ${c.claimedAt.toISOString()})`);
}

export async function addRecovered(tx: DbOrTx, loanId: number, amountFen: number) {
  await tx.execute(sql`update loan_claims set recovered_fen = recovered_fen + ${amountFen} where loan_id = ${loanId}`);
}

export async function setWrittenOff(tx: DbOrTx, loanId: number, amountFen: number) {
  await tx.execute(sql`update loan_claims set written_off_fen = ${amountFen} where loan_id = ${loanId}`);
}

export async function setLoanState(tx: DbOrTx, loanId: number, state: string, now: Date, defaultedOn?: string) {
  await tx.execute(sql`
    update loans set state = ${state}, defaulted_on = coalesce(${defaultedOn ?? null}::date, defaulted_on), version = version + 1, updated_at = ${now.toISOString()}
     where id = ${loanId}`);
}
