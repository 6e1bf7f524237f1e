import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { idem, loanActors, type LoanActors } from '../../../test/support/loan-actors';
import { contribute } from '../../../test/support/loan-money';
import { buildLoan, setupLoanProgramme, type LoanFixture } from '../../../test/support/loans';
import { uploadFile } from '../../../test/support/sheets';

/**
 * Every money POST of the loans' money modules (and the fund contribution they rely on): refused without an
 * Idempotency-Key, and audited in the same transaction as the change — when the audit row cannot be written
 * (a trigger refuses it here), the change is not there either; when it can, there is exactly one.
 */
let t: TestApp;
let fx: LoanFixture;
let a: LoanActors;
let city2: TestClient;

beforeAll(async () => {
  t = await createTestApp();
  fx = await setupLoanProgramme(t);
  a = await loanActors(t);
  city2 = await t.login('city2');
  await contribute(t, fx.programmeId, 100_000_000);
  await t.pool.query(`create table test_refused_audit (action text primary key)`);
  await t.pool.query(`
    create function refuse_audit_for_test() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from test_refused_audit where action = new.action) then raise exception 'audit refused for the test'; end if;
      return new;
    end $$`);
  await t.pool.query(`create trigger a_refuse_audit_for_test before insert on audit_log for each row execute function refuse_audit_for_test()`);
});
afterAll(async () => t.close());

/** Makes the database refuse audit rows of one action (null: of none). */
async function refuseAudit(action: string | null) {
  await t.pool.query('delete from test_refused_audit');
  if (action) await t.pool.query('insert into test_refused_audit (action) values ($1)', [action]);
}

const one = async (sql: string, params: unknown[] = []) => (await t.pool.query(sql, params)).rows[0];
const repaying = async () => (await buildLoan(t, fx, a.city, { state: 'repaying' })).loanId;
async function defaulted() {
  const loanId = await repaying();
  expect((await a.bank.post(`/api/v1/loans/${loanId}/default`, { asOf: '2026-05-17' }, idem())).status).toBe(200);
  return loanId;
}
async function claimed() {
  const loanId = await defaulted();
  expect((await a.city.post(`/api/v1/loans/${loanId}/claim`, {}, idem())).status).toBe(200);
  return loanId;
}
async function batch(state: 'prepared' | 'approved') {
  const { loanId } = await buildLoan(t, fx, a.city, { state: 'in_review', stepIndex: 3 });
  expect((await a.insurer.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', policyNo: `AX-${loanId}` })).status).toBe(200);
  const made = await a.city.post('/api/v1/subsidy-batches', { programmeId: fx.programmeId, kind: 'premium', upTo: '2026-11-28' }, idem());
  expect(made.status).toBe(201);
  if (state === 'approved') expect((await city2.post(`/api/v1/subsidy-batches/${made.body.id}/approve`, {}, idem())).status).toBe(200);
  return made.body.id as number;
}
async function checkedImport() {
  const loanId = await repaying();
  const reference = (await one('select reference from loans where id = $1', [loanId])).reference as string;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('还款明细');
  ws.addRow(['贷款编号', '还款日期', '还款金额（元）', '银行流水号']);
  ws.addRow([reference, '2026-02-15', 8530.99, `IMP-${loanId}`]);
  const res = await uploadFile(a.bank, '/api/v1/loan-repayment-imports', 'r.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
  expect(res.body.valid).toBe(1);
  return { id: res.body.id as string, loanId };
}

interface MoneyRoute {
  name: string;
  client: () => TestClient;
  /** Sets up what the route acts on; returns its URL, body, the audit row's entity id and a reading of the change. */
  prepare: () => Promise<{ url: string; body: object; entityId: string | null; effect: () => Promise<unknown> }>;
  action: string;
}

const routes: MoneyRoute[] = [
  {
    name: 'record a repayment',
    client: () => a.bank,
    action: 'loan.repayment.record',
    prepare: async () => {
      const loanId = await repaying();
      return { url: `/api/v1/loans/${loanId}/repayments`, body: { amountFen: 853_099, paidOn: '2026-02-15', bankTxnRef: `A-${loanId}` }, entityId: String(loanId), effect: async () => (await one('select count(*)::int as n from loan_repayments where loan_id = $1', [loanId])).n };
    },
  },
  {
    name: "commit the bank's file",
    client: () => a.bank,
    action: 'loan.repayment.import.commit',
    prepare: async () => {
      const { id, loanId } = await checkedImport();
      return { url: `/api/v1/loan-repayment-imports/${id}/commit`, body: { mode: 'all' }, entityId: id, effect: async () => (await one('select count(*)::int as n from loan_repayments where loan_id = $1', [loanId])).n };
    },
  },
  {
    name: 'declare a default',
    client: () => a.bank,
    action: 'loan.declare_default',
    prepare: async () => {
      const loanId = await repaying();
      return { url: `/api/v1/loans/${loanId}/default`, body: { asOf: '2026-05-17' }, entityId: String(loanId), effect: async () => (await one('select state from loans where id = $1', [loanId])).state };
    },
  },
  {
    name: 'file the claim',
    client: () => a.city,
    action: 'loan.claim',
    prepare: async () => {
      const loanId = await defaulted();
      return {
        url: `/api/v1/loans/${loanId}/claim`,
        body: {},
        entityId: String(loanId),
        effect: async () => [(await one('select state from loans where id = $1', [loanId])).state, (await one(`select count(*)::int as n from ledger_transactions where loan_id = $1`, [loanId])).n],
      };
    },
  },
  {
    name: "pay the union's share",
    client: () => a.city,
    action: 'loan.claim_paid',
    prepare: async () => {
      const loanId = await claimed();
      return { url: `/api/v1/loans/${loanId}/claim/pay`, body: { paidOn: '2026-11-28', paymentRef: `DC-${loanId}` }, entityId: String(loanId), effect: async () => (await one(`select count(*)::int as n from ledger_transactions where loan_id = $1 and kind = 'claim_payment'`, [loanId])).n };
    },
  },
  {
    name: 'record a recovery (in part)',
    client: () => a.city,
    action: 'loan.recovery',
    prepare: async () => {
      const loanId = await claimed();
      return { url: `/api/v1/loans/${loanId}/recoveries`, body: { amountFen: 100_000, receivedOn: '2026-11-28' }, entityId: String(loanId), effect: async () => (await one('select recovered_fen from loan_claims where loan_id = $1', [loanId])).recovered_fen };
    },
  },
  {
    name: 'record a recovery (in full)',
    client: () => a.city,
    action: 'loan.recover',
    prepare: async () => {
      const loanId = await claimed();
      const loss = (await one('select loss_fen from loan_claims where loan_id = $1', [loanId])).loss_fen as number;
      return { url: `/api/v1/loans/${loanId}/recoveries`, body: { amountFen: loss, receivedOn: '2026-11-28' }, entityId: String(loanId), effect: async () => (await one('select state from loans where id = $1', [loanId])).state };
    },
  },
  {
    name: 'write off',
    client: () => a.city,
    action: 'loan.write_off',
    prepare: async () => {
      const loanId = await claimed();
      return { url: `/api/v1/loans/${loanId}/write-off`, body: { comment: '无法追回' }, entityId: String(loanId), effect: async () => (await one('select state from loans where id = $1', [loanId])).state };
    },
  },
  {
    name: 'prepare a subsidy batch',
    client: () => a.city,
    action: 'subsidy_batch.prepare',
    prepare: async () => {
      const { loanId } = await buildLoan(t, fx, a.city, { state: 'in_review', stepIndex: 3 });
      expect((await a.insurer.post(`/api/v1/loans/${loanId}/decision`, { decision: 'approve', policyNo: `AX-${loanId}` })).status).toBe(200);
      // The batch's id is not known beforehand (a rolled-back insert uses one up): its audit rows are counted by action.
      return { url: '/api/v1/subsidy-batches', body: { programmeId: fx.programmeId, kind: 'premium', upTo: '2026-11-28' }, entityId: null, effect: async () => (await one(`select count(*)::int as n from loan_subsidy_items where loan_id = $1 and batch_id is not null`, [loanId])).n };
    },
  },
  ...(['approve', 'pay', 'cancel'] as const).map(
    (event): MoneyRoute => ({
      name: `${event} a subsidy batch`,
      client: () => (event === 'approve' ? city2 : a.city),
      action: `subsidy_batch.${event}`,
      prepare: async () => {
        const id = await batch(event === 'pay' ? 'approved' : 'prepared');
        return {
          url: `/api/v1/subsidy-batches/${id}/${event}`,
          body: event === 'pay' ? { paymentRef: `ZF-${id}`, paidOn: '2026-11-28' } : {},
          entityId: String(id),
          effect: async () => [(await one('select state from subsidy_batches where id = $1', [id])).state, (await one('select count(*)::int as n from ledger_transactions where batch_id = $1', [id])).n],
        };
      },
    }),
  ),
  {
    name: 'reverse a ledger transaction',
    client: () => a.city,
    action: 'ledger.reverse',
    prepare: async () => {
      const id = await contribute(t, fx.programmeId, 10_000);
      return { url: `/api/v1/ledger/${id}/reverse`, body: { reason: '测试冲销' }, entityId: String(id), effect: async () => (await one('select count(*)::int as n from ledger_transactions where reverses_id = $1', [id])).n };
    },
  },
  {
    name: 'add money to the fund',
    client: () => a.city,
    action: 'loan_programme.fund_contribution',
    prepare: async () => ({
      url: `/api/v1/loan-programmes/${fx.programmeId}/fund-contributions`,
      body: { amountFen: 12_345, postedOn: '2026-11-01' },
      entityId: String(fx.programmeId),
      effect: async () => (await one(`select count(*)::int as n from ledger_transactions where programme_id = $1 and kind = 'fund_contribution'`, [fx.programmeId])).n,
    }),
  },
];

const audits = async (action: string, entityId: string | null) =>
  (await one('select count(*)::int as n from audit_log where action = $1 and ($2::text is null or entity_id = $2)', [action, entityId])).n as number;

describe('money POST routes', () => {
  it.each(routes.map((r) => [r.name, r] as const))('%s: no key is refused; the change and its audit row commit together', async (_name, r) => {
    const { url, body, entityId, effect } = await r.prepare();
    const before = await effect();
    const auditsBefore = await audits(r.action, entityId);
    const noKey = await r.client().post(url, body);
    expect(noKey.status).toBe(400);
    expect(noKey.body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect(await effect()).toEqual(before);

    await refuseAudit(r.action);
    try {
      const refused = await r.client().post(url, body, idem());
      expect(refused.status).toBe(500);
    } finally {
      await refuseAudit(null);
    }
    expect(await effect()).toEqual(before);
    expect(await audits(r.action, entityId)).toBe(auditsBefore);

    const ok = await r.client().post(url, body, idem());
    expect([200, 201]).toContain(ok.status);
    expect(await effect()).not.toEqual(before);
    expect(await audits(r.action, entityId)).toBe(auditsBefore + 1);
  });
});
