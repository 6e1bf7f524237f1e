import { sql } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { Allocation, PeriodPosition, Scope } from '@tongxing/domain';
import { loanScopeSql } from './loan-money-access';

/**
 * The schedule with what has been paid against each period. With `paidBy`, only repayments made on or
 * before that date count (overdue as of a past business date).
 */
export async function loadPeriods(tx: DbOrTx, loanId: number, paidBy?: string): Promise<PeriodPosition[]> {
  const res = await tx.execute<{ k: number; due_on: string; opening_fen: number; principal_fen: number; interest_fen: number; pi: number; pp: number }>(sql`
    select s.k, s.due_on, s.opening_fen, s.principal_fen, s.interest_fen, coalesce(a.pi, 0)::bigint as pi, coalesce(a.pp, 0)::bigint as pp
      from loan_schedule s
      left join (
        select a.k, sum(a.interest_fen)::bigint as pi, sum(a.principal_fen)::bigint as pp
          from loan_repayment_allocations a
          ${paidBy ? sql`join loan_repayments r on r.id = a.repayment_id and r.paid_on <= ${paidBy}` : sql``}
         where a.loan_id = ${loanId}
         group by a.k
      ) a on a.k = s.k
     where s.loan_id = ${loanId}
     order by s.k`);
  return res.rows.map((r) => ({
    k: r.k,
    dueOn: r.due_on,
    openingFen: r.opening_fen,
    principalFen: r.principal_fen,
    interestFen: r.interest_fen,
    paidInterestFen: r.pi,
    paidPrincipalFen: r.pp,
  }));
}

export async function lastPaidOn(tx: DbOrTx, loanId: number): Promise<string | null> {
  const res = await tx.execute<{ d: string | null }>(sql`select max(paid_on) as d from loan_repayments where loan_id = ${loanId}`);
  return res.rows[0]?.d ?? null;
}

export async function refsAlreadyRecorded(tx: DbOrTx, pairs: { loanId: number; ref: string }[]): Promise<Set<string>> {
  if (pairs.length === 0) return new Set();
  const res = await tx.execute<{ loan_id: number; bank_txn_ref: string }>(sql`
    select r.loan_id, r.bank_txn_ref
      from loan_repayments r
      join unnest(${sql.param(pairs.map((p) => p.loanId))}::int[], ${sql.param(pairs.map((p) => p.ref))}::text[]) as w(loan_id, ref)
        on r.loan_id = w.loan_id and r.bank_txn_ref = w.ref`);
  return new Set(res.rows.map((r) => `${r.loan_id}\u0000${r.bank_txn_ref}`));
}

/** Inserts the repayment unless its bank reference is already recorded for the loan (then null). */
export async function insertRepayment(
  tx: DbOrTx,
  r: { loanId: number; paidOn: string; amountFen: number; source: 'manual' | 'import' | 'api'; bankTxnRef: string | null; recordedBy: number; recordedAt: Date },
): Promise<number | null> {
  const res = await tx.execute<{ id: number }>(sql`
    insert into loan_repayments (loan_id, paid_on, amount_fen, source, bank_txn_ref, recorded_by, recorded_at)
    values (${r.loanId}, ${r.paidOn}, ${r.amountFen}, ${r.source}, ${r.bankTxnRef}, ${r.recordedBy}, ${r.recordedAt.toISOString()})
    on conflict (loan_id, bank_txn_ref) where bank_txn_ref is not null do nothing
    returning id`);
  return res.rows[0]?.id ?? null;
}

export async function insertAllocations(tx: DbOrTx, repaymentId: number, loanId: number, allocations: Allocation[]) {
  if (allocations.length === 0) return;
  await tx.execute(sql`
    insert into loan_repayment_allocations (repayment_id, loan_id, k, interest_fen, principal_fen)
    select ${repaymentId}, ${loanId}, k, i, p
      from unnest(${sql.param(allocations.map((a) => a.k))}::int[], ${sql.param(allocations.map((a) => a.interestFen))}::bigint[], ${sql.param(allocations.map((a) => a.principalFen))}::bigint[]) as x(k, i, p)`);
}

export async function updateLoanPosition(tx: DbOrTx, loanId: number, p: { principalOutstandingFen: number; nextDueOn: string | null; settledOn: string | null; now: Date }) {
  await tx.execute(sql`
    update loans
       set principal_outstanding_fen = ${p.principalOutstandingFen},
           next_due_on = ${p.nextDueOn},
           state = case when ${p.settledOn}::date is not null then 'settled' else state end,
           settled_on = coalesce(${p.settledOn}::date, settled_on),
           version = version + 1,
           updated_at = ${p.now.toISOString()}
     where id = ${loanId}`);
}

export async function insertLoanEvent(
  tx: DbOrTx,
  e: { loanId: number; at: Date; event: string; fromState: string; toState: string; actorUserId: number; actorName: string; actorOrgId: number; comment?: string | null; data?: unknown },
) {
  await tx.execute(sql`
    insert into loan_events (loan_id, at, event, from_state, to_state, actor_user_id, actor_name, actor_org_id, comment, data)
    values (${e.loanId}, ${e.at.toISOString()}, ${e.event}, ${e.fromState}, ${e.toState}, ${e.actorUserId}, ${e.actorName}, ${e.actorOrgId},
            ${e.comment ?? null}, ${e.data === undefined ? null : JSON.stringify(e.data)}::jsonb)`);
}

export type RepaymentRow = {
  id: number;
  loan_id: number;
  paid_on: string;
  amount_fen: number;
  source: 'manual' | 'import' | 'api';
  bank_txn_ref: string | null;
  recorded_by_name: string | null;
  recorded_at: Date;
  allocations: { k: number; interestFen: number; principalFen: number }[] | null;
};

export async function listRepayments(tx: DbOrTx, loanId: number, only?: number): Promise<RepaymentRow[]> {
  const res = await tx.execute<RepaymentRow>(sql`
    select r.id, r.loan_id, r.paid_on, r.amount_fen, r.source, r.bank_txn_ref, u.display_name as recorded_by_name, r.recorded_at,
           (select json_agg(json_build_object('k', a.k, 'interestFen', a.interest_fen, 'principalFen', a.principal_fen) order by a.k)
              from loan_repayment_allocations a where a.repayment_id = r.id) as allocations
      from loan_repayments r left join users u on u.id = r.recorded_by
     where r.loan_id = ${loanId} ${only ? sql`and r.id = ${only}` : sql``}
     order by r.paid_on desc, r.id desc`);
  return res.rows;
}

/** A loan in scope exists (for reads). */
export async function loanVisible(tx: DbOrTx, scope: Scope, loanId: number): Promise<boolean> {
  const res = await tx.execute(sql`select 1 from loans l where l.id = ${loanId} and ${loanScopeSql(scope)}`);
  return res.rows.length > 0;
}
