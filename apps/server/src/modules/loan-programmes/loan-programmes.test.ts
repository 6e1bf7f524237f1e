import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { idem } from '../../../test/support/loan-actors';
import { defaultPipeline } from '../../../test/support/loans';

/** Programmes, products, approval limits and reference rates: city cadres configure them, every edit audited. */
let t: TestApp;
let city: TestClient;
let xinbei: TestClient;
let ids: { bank: number; insurer: number; guarantor: number; xinbei: number; wujin: number; sanjing: number; bankHead: number };

beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city');
  xinbei = await t.login('xinbei');
  ids = {
    bank: await t.orgIdByName('江苏同舟农村商业银行常州分行'),
    bankHead: await t.orgIdByName('江苏同舟农村商业银行'),
    insurer: await t.orgIdByName('安信财产保险股份有限公司常州中心支公司'),
    guarantor: await t.orgIdByName('常州市龙城融资担保有限公司'),
    xinbei: await t.orgIdByName('新北区总工会'),
    wujin: await t.orgIdByName('武进区总工会'),
    sanjing: await t.orgIdByName('三井街道总工会'),
  };
});
afterAll(async () => t.close());

const audits = async (action: string, entityId?: number) =>
  (await t.pool.query(`select before, after, actor_user_id from audit_log where action = $1 ${entityId ? 'and entity_id = $2' : ''} order by id`, entityId ? [action, String(entityId)] : [action])).rows;

function programmeBody(code: string) {
  return {
    code,
    name: '创保贷',
    fundFen: 3_000_000_000,
    targetLendingFen: 30_000_000_000,
    targetEnterprises: 1000,
    targetEntrepreneurs: 1000,
    targetJobs: 30000,
    startsOn: '2026-01-01',
    endsOn: '2028-12-31',
    partners: [
      { orgId: ids.bank, role: 'bank' },
      { orgId: ids.insurer, role: 'insurer' },
      { orgId: ids.guarantor, role: 'guarantor' },
    ],
    targets: [
      { orgId: ids.xinbei, lendingFen: 5_000_000_000, enterprises: 150, entrepreneurs: 150, jobs: 5000 },
      { orgId: ids.sanjing, lendingFen: 1_000_000_000, enterprises: 30, entrepreneurs: 30, jobs: 1000 },
    ],
  };
}

function productBody(code: string) {
  return {
    code,
    name: '个人创业贷',
    borrowerType: 'individual',
    minAmountFen: 1_000_000,
    maxAmountFen: 30_000_000,
    minTermMonths: 6,
    maxTermMonths: 36,
    rateKind: 'fixed',
    annualRateBps: 435,
    repaymentMethod: 'equal_instalment',
    eligibility: { requireActiveMember: true, minOperatingMonths: 6, requireNoBadCredit: true, maxLifetimeLoans: 2, maxConcurrentLoans: 1 },
    subsidy: { premiumBps: 500, borrowerRateCapBps: 150 },
    modelWorker: { maxAmountFen: 50_000_000, premiumBps: 600, borrowerRateCapBps: 0, priority: true },
    riskShares: { union: 7000, insurer: 2500, bank: 500, guarantor: 0 },
    visitPlan: { monthsAfterDisbursement: [3, 6, 12], monthsBeforeMaturity: 1 },
    pipeline: defaultPipeline,
  };
}

describe('programmes', () => {
  it('a city cadre creates a programme with fund, targets, partners; the fund is posted and the creation audited', async () => {
    const res = await city.post('/api/v1/loan-programmes', programmeBody('cbd-create'), idem());
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      code: 'cbd-create',
      fundFen: 3_000_000_000,
      targetLendingFen: 30_000_000_000,
      targetJobs: 30000,
      status: 'active',
      products: [],
      version: 1,
    });
    expect(res.body.partners.map((p: { role: string; orgId: number }) => [p.role, p.orgId]).sort()).toEqual(
      [
        ['bank', ids.bank],
        ['guarantor', ids.guarantor],
        ['insurer', ids.insurer],
      ].sort(),
    );
    expect(res.body.targets).toEqual(
      expect.arrayContaining([
        { orgId: ids.xinbei, orgName: '新北区总工会', lendingFen: 5_000_000_000, enterprises: 150, entrepreneurs: 150, jobs: 5000 },
        { orgId: ids.sanjing, orgName: '三井街道总工会', lendingFen: 1_000_000_000, enterprises: 30, entrepreneurs: 30, jobs: 1000 },
      ]),
    );
    const ledger = await t.pool.query(
      `select e.account, e.debit_fen, e.credit_fen from ledger_transactions tx join ledger_entries e on e.txn_id = tx.id where tx.programme_id = $1 order by e.account`,
      [res.body.id],
    );
    expect(ledger.rows).toEqual([
      { account: 'fund_capital', debit_fen: 0, credit_fen: 3_000_000_000 },
      { account: 'fund_cash', debit_fen: 3_000_000_000, credit_fen: 0 },
    ]);
    expect(await audits('loan_programme.create', res.body.id)).toHaveLength(1);
    expect((await city.get(`/api/v1/loan-programmes/${res.body.id}`)).body.code).toBe('cbd-create');
    expect((await city.get('/api/v1/loan-programmes')).body.items.map((p: { id: number }) => p.id)).toContain(res.body.id);
  });

  it('the same Idempotency-Key replays the first answer; a code taken is LOAN_PROGRAMME_CODE_TAKEN', async () => {
    const key = idem();
    const first = await city.post('/api/v1/loan-programmes', programmeBody('cbd-idem'), key);
    expect(first.status).toBe(201);
    const again = await city.post('/api/v1/loan-programmes', programmeBody('cbd-idem'), key);
    expect(again.status).toBe(201);
    expect(again.body.id).toBe(first.body.id);
    const taken = await city.post('/api/v1/loan-programmes', programmeBody('cbd-idem'), idem());
    expect(taken.status).toBe(409);
    expect(taken.body.code).toBe('LOAN_PROGRAMME_CODE_TAKEN');
    expect(taken.body.errors).toEqual([expect.objectContaining({ path: 'code' })]);
    expect((await t.pool.query(`select count(*)::int as n from loan_programmes where code = 'cbd-idem'`)).rows[0].n).toBe(1);
  });

  it('a district cadre is refused (403) and creates nothing; no Idempotency-Key is 400', async () => {
    const res = await xinbei.post('/api/v1/loan-programmes', programmeBody('cbd-district'), idem());
    expect(res.status).toBe(403);
    const existing = (await city.post('/api/v1/loan-programmes', programmeBody('cbd-d2'), idem())).body;
    expect((await xinbei.patch(`/api/v1/loan-programmes/${existing.id}`, { name: '改名' })).status).toBe(403);
    expect((await xinbei.put(`/api/v1/loan-programmes/${existing.id}/targets`, [])).status).toBe(403);
    expect((await xinbei.post(`/api/v1/loan-programmes/${existing.id}/products`, productBody('p-district'))).status).toBe(403);
    expect((await xinbei.put('/api/v1/partner-approval-limits', [])).status).toBe(403);
    expect((await xinbei.post('/api/v1/reference-rates', { name: 'LPR1Y', rateBps: 300, effectiveOn: '2026-10-20' })).status).toBe(403);
    expect((await t.pool.query(`select count(*)::int as n from loan_programmes where code = 'cbd-district'`)).rows[0].n).toBe(0);
    // Reading is open to whoever reads loans.
    expect((await xinbei.get(`/api/v1/loan-programmes/${existing.id}`)).status).toBe(200);
    const noKey = await city.post('/api/v1/loan-programmes', programmeBody('cbd-nokey'));
    expect(noKey.status).toBe(400);
  });

  it('unknown fields, bad partners and bad targets are 400 with field errors', async () => {
    const unknown = await city.post('/api/v1/loan-programmes', { ...programmeBody('cbd-x'), colour: 'red' }, idem());
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'colour' })]);
    const wrongRole = await city.post('/api/v1/loan-programmes', { ...programmeBody('cbd-y'), partners: [{ orgId: ids.insurer, role: 'bank' }] }, idem());
    expect(wrongRole.status).toBe(400);
    expect(wrongRole.body.errors).toEqual([expect.objectContaining({ path: 'partners.0.orgId', code: 'loan.partnerKind' })]);
    const targetAtBank = await city.post('/api/v1/loan-programmes', { ...programmeBody('cbd-z'), targets: [{ orgId: ids.bank, lendingFen: 1 }] }, idem());
    expect(targetAtBank.status).toBe(400);
    expect(targetAtBank.body.errors).toEqual([expect.objectContaining({ path: 'targets.0.orgId', code: 'loan.targetOrg' })]);
    const dates = await city.post('/api/v1/loan-programmes', { ...programmeBody('cbd-w'), startsOn: '2027-01-01', endsOn: '2026-01-01' }, idem());
    expect(dates.status).toBe(400);
    expect(dates.body.errors).toEqual([expect.objectContaining({ path: 'endsOn' })]);
    const negative = await city.post('/api/v1/loan-programmes', { ...programmeBody('cbd-v'), fundFen: -1 }, idem());
    expect(negative.status).toBe(400);
    expect((await t.pool.query(`select count(*)::int as n from loan_programmes where code like 'cbd-_'`)).rows[0].n).toBe(0);
  });

  it('what once reached the database as a 500 is a 400 with its field: impossible dates, a unit twice, ids past int4', async () => {
    const big = 99_999_999_999;
    const cases: [Record<string, unknown>, string, string][] = [
      [{ startsOn: '2026-02-30' }, 'startsOn', 'date.format'],
      [{ endsOn: '2026-13-01' }, 'endsOn', 'date.format'],
      [{ partners: [{ orgId: ids.bank, role: 'bank' }, { orgId: ids.bank, role: 'bank' }] }, 'partners.1.orgId', 'duplicate'],
      [{ partners: [{ orgId: big, role: 'bank' }] }, 'partners.0.orgId', 'too_big'],
      [{ targets: [{ orgId: big }] }, 'targets.0.orgId', 'too_big'],
    ];
    for (const [patch, path, code] of cases) {
      const res = await city.post('/api/v1/loan-programmes', { ...programmeBody('cbd-bad'), ...patch }, idem());
      expect(res.status, JSON.stringify(patch)).toBe(400);
      expect(res.body.errors, JSON.stringify(patch)).toEqual([expect.objectContaining({ path, code })]);
    }
    const p = (await city.post('/api/v1/loan-programmes', programmeBody('cbd-bad'), idem())).body;
    const dupPatch = await city.patch(`/api/v1/loan-programmes/${p.id}`, { partners: [{ orgId: ids.insurer, role: 'insurer' }, { orgId: ids.insurer, role: 'insurer' }] });
    expect(dupPatch.status).toBe(400);
    expect((await city.patch(`/api/v1/loan-programmes/${p.id}`, { endsOn: '2027-02-29' })).status).toBe(400);
    expect((await city.post(`/api/v1/loan-programmes/${p.id}/fund-contributions`, { amountFen: 5, postedOn: '2026-02-30' }, idem())).status).toBe(400);
    // Not in the future either (the test clock's today is 2026-11-28 in Shanghai or earlier).
    const future = await city.post(`/api/v1/loan-programmes/${p.id}/fund-contributions`, { amountFen: 5, postedOn: '2099-01-01' }, idem());
    expect(future.status).toBe(400);
    expect(future.body.errors).toEqual([expect.objectContaining({ path: 'postedOn', code: 'money.dateFuture' })]);
    expect((await city.post('/api/v1/reference-rates', { name: 'LPR1Y', rateBps: 300, effectiveOn: '2026-04-31' })).status).toBe(400);
    expect((await city.put('/api/v1/partner-approval-limits', [{ orgId: big, maxAmountFen: 5 }])).status).toBe(400);
  });

  it('a fund that would pass 2^53 fen is refused and the programme stays readable', async () => {
    const p = (await city.post('/api/v1/loan-programmes', programmeBody('cbd-huge'), idem())).body;
    const res = await city.post(`/api/v1/loan-programmes/${p.id}/fund-contributions`, { amountFen: Number.MAX_SAFE_INTEGER, postedOn: '2026-11-01' }, idem());
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'amountFen', code: 'too_big' })]);
    const read = await city.get(`/api/v1/loan-programmes/${p.id}`);
    expect(read.status).toBe(200);
    expect(read.body.fundFen).toBe(3_000_000_000);
  });

  it('edits name, status and partners with version checks; targets replaced to districts and below; all audited', async () => {
    const p = (await city.post('/api/v1/loan-programmes', programmeBody('cbd-edit'), idem())).body;
    const edited = await city.patch(`/api/v1/loan-programmes/${p.id}`, { name: '创保贷（二期）', partners: [{ orgId: ids.bankHead, role: 'bank' }], version: p.version });
    expect(edited.status, JSON.stringify(edited.body)).toBe(200);
    expect(edited.body).toMatchObject({ name: '创保贷（二期）', version: p.version + 1, partners: [{ orgId: ids.bankHead, role: 'bank' }] });
    const stale = await city.patch(`/api/v1/loan-programmes/${p.id}`, { name: '旧版本', version: p.version });
    expect(stale.status).toBe(409);
    expect((await city.patch(`/api/v1/loan-programmes/${p.id}`, { fundFen: 1 })).status).toBe(400);
    expect((await city.patch('/api/v1/loan-programmes/99999999', { name: 'x' })).status).toBe(404);
    const audit = await audits('loan_programme.update', p.id);
    expect(audit).toHaveLength(1);
    expect(audit[0].before).toMatchObject({ name: '创保贷' });
    expect(audit[0].after).toMatchObject({ name: '创保贷（二期）' });

    const targets = [
      { orgId: ids.xinbei, lendingFen: 4_000_000_000, enterprises: 100, entrepreneurs: 120, jobs: 4000 },
      { orgId: ids.wujin, lendingFen: 6_000_000_000, enterprises: 200, entrepreneurs: 180, jobs: 6000 },
      { orgId: ids.sanjing, lendingFen: 500_000_000 },
    ];
    const put = await city.put(`/api/v1/loan-programmes/${p.id}/targets`, targets);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.targets).toHaveLength(3);
    expect(put.body.targets.find((x: { orgId: number }) => x.orgId === ids.sanjing)).toMatchObject({ lendingFen: 500_000_000, enterprises: 0, jobs: 0 });
    const dup = await city.put(`/api/v1/loan-programmes/${p.id}/targets`, [targets[0], targets[0]]);
    expect(dup.status).toBe(400);
    expect(dup.body.errors).toEqual([expect.objectContaining({ path: 'targets.1.orgId', code: 'duplicate' })]);
    expect(await audits('loan_programme.targets', p.id)).toHaveLength(1);
  });

  it('a fund contribution is idempotent, raises the fund and posts to the ledger', async () => {
    const p = (await city.post('/api/v1/loan-programmes', { ...programmeBody('cbd-fund'), fundFen: 0 }, idem())).body;
    const key = idem();
    const body = { amountFen: 100_000_000, postedOn: '2026-11-01', memo: '追加' };
    const first = await city.post(`/api/v1/loan-programmes/${p.id}/fund-contributions`, body, key);
    expect(first.status).toBe(201);
    expect((await city.post(`/api/v1/loan-programmes/${p.id}/fund-contributions`, body, key)).body).toEqual(first.body);
    const other = await city.post(`/api/v1/loan-programmes/${p.id}/fund-contributions`, { ...body, amountFen: 5 }, key);
    expect(other.status).toBe(422);
    expect((await city.get(`/api/v1/loan-programmes/${p.id}`)).body.fundFen).toBe(100_000_000);
    expect(await audits('loan_programme.fund_contribution', p.id)).toHaveLength(1);
  });
});

describe('products', () => {
  let programmeId: number;
  beforeAll(async () => {
    programmeId = (await city.post('/api/v1/loan-programmes', programmeBody('cbd-prod'), idem())).body.id;
  });

  it('creates a product with its rules as data; the programme shows it; audited', async () => {
    const res = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, productBody('individual'));
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(res.body).toMatchObject({
      programmeId,
      code: 'individual',
      rateKind: 'fixed',
      annualRateBps: 435,
      currentRateBps: 435,
      spreadBps: null,
      riskShares: { union: 7000, insurer: 2500, bank: 500, guarantor: 0 },
      modelWorker: { maxAmountFen: 50_000_000, priority: true },
      pipeline: defaultPipeline,
    });
    expect((await city.get(`/api/v1/loan-programmes/${programmeId}`)).body.products.map((p: { id: number }) => p.id)).toEqual([res.body.id]);
    expect(await audits('loan_product.create', res.body.id)).toHaveLength(1);
  });

  it('risk shares must sum to 100% (loan.riskSharesSum); pipeline keys unique; limits in order; unknown fields refused', async () => {
    const shares = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, { ...productBody('bad-shares'), riskShares: { union: 7000, insurer: 2500, bank: 400, guarantor: 0 } });
    expect(shares.status).toBe(400);
    expect(shares.body.errors).toEqual([expect.objectContaining({ path: 'riskShares', code: 'loan.riskSharesSum' })]);
    const keys = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, { ...productBody('bad-keys'), pipeline: [defaultPipeline[0], defaultPipeline[0]] });
    expect(keys.status).toBe(400);
    expect(keys.body.errors).toEqual([expect.objectContaining({ path: 'pipeline', code: 'loan.pipelineKeys' })]);
    const range = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, { ...productBody('bad-range'), minAmountFen: 5_000_000, maxAmountFen: 1_000_000, minTermMonths: 40 });
    expect(range.status).toBe(400);
    expect(range.body.errors.map((e: { path: string; code: string }) => `${e.path}:${e.code}`).sort()).toEqual(['minAmountFen:loan.amountRange', 'minTermMonths:loan.termRange']);
    const noRate = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, { ...productBody('no-rate'), annualRateBps: null });
    expect(noRate.body.errors).toEqual([expect.objectContaining({ path: 'annualRateBps', code: 'loan.rateRequired' })]);
    const unknown = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, { ...productBody('unknown'), discount: 5 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors).toEqual([expect.objectContaining({ path: 'discount' })]);
    const nested = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, { ...productBody('nested'), pipeline: [{ ...defaultPipeline[0], owner: 'x' }] });
    expect(nested.status).toBe(400);
    const party = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, { ...productBody('party'), pipeline: [{ ...defaultPipeline[0], party: 'mayor' }] });
    expect(party.status).toBe(400);
    expect((await city.post('/api/v1/loan-programmes/99999999/products', productBody('nowhere'))).status).toBe(404);
    expect((await t.pool.query(`select count(*)::int as n from loan_products where programme_id = $1 and code <> 'individual'`, [programmeId])).rows[0].n).toBe(0);
  });

  it('a partner step needs a partner of its kind in the programme (loan.stepPartner), when adding a product and when editing partners', async () => {
    const lone = (await city.post('/api/v1/loan-programmes', { ...programmeBody('cbd-lone'), partners: [{ orgId: ids.bank, role: 'bank' }] }, idem())).body;
    const res = await city.post(`/api/v1/loan-programmes/${lone.id}/products`, productBody('needs-insurer'));
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'pipeline.3.party', code: 'loan.stepPartner' })]);
    const bankOnly = defaultPipeline.filter((s) => s.party !== 'insurer');
    const ok = await city.post(`/api/v1/loan-programmes/${lone.id}/products`, { ...productBody('bank-only'), pipeline: bankOnly });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect((await city.patch(`/api/v1/loan-products/${ok.body.id}`, { pipeline: defaultPipeline })).body.errors).toEqual([expect.objectContaining({ path: 'pipeline.3.party', code: 'loan.stepPartner' })]);
    // Dropping the bank would strand the product's last step.
    const drop = await city.patch(`/api/v1/loan-programmes/${lone.id}`, { partners: [{ orgId: ids.insurer, role: 'insurer' }] });
    expect(drop.status).toBe(400);
    expect(drop.body).toMatchObject({ errors: [expect.objectContaining({ path: 'partners', code: 'loan.stepPartner' })], params: { roles: ['bank'] } });
    expect((await city.get(`/api/v1/loan-programmes/${lone.id}`)).body.partners).toEqual([expect.objectContaining({ orgId: ids.bank, role: 'bank' })]);
    expect((await city.patch(`/api/v1/loan-programmes/${lone.id}`, { partners: [{ orgId: ids.bankHead, role: 'bank' }] })).status).toBe(200);
  });

  it('a product code is unique: LOAN_PROGRAMME_CODE_TAKEN', async () => {
    const first = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, productBody('twice'));
    expect(first.status).toBe(201);
    const again = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, productBody('twice'));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('LOAN_PROGRAMME_CODE_TAKEN');
  });

  it('reference rate + spread: needs a reference rate in force; the current rate follows the latest one', async () => {
    const body = { ...productBody('lpr'), rateKind: 'reference_spread', annualRateBps: null, spreadBps: -50 };
    await t.pool.query(`delete from reference_rates where name = 'LPR1Y'`);
    const none = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, body);
    expect(none.status).toBe(400);
    expect(none.body.errors).toEqual([expect.objectContaining({ path: 'rateKind', code: 'loan.noReferenceRate' })]);

    const added = await city.post('/api/v1/reference-rates', { name: 'LPR1Y', rateBps: 310, effectiveOn: '2026-05-20' });
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body).toMatchObject({ name: 'LPR1Y', rateBps: 310, effectiveOn: '2026-05-20' });
    expect((await city.post('/api/v1/reference-rates', { name: 'LPR1Y', rateBps: 300, effectiveOn: '2026-05-20' })).status).toBe(409);
    expect((await city.post('/api/v1/reference-rates', { name: 'LPR1Y', rateBps: 300, effectiveOn: '2026-05-20', note: 'x' })).status).toBe(400);
    // A rate from a future date does not apply yet (today is 2026-11-28 on the test clock).
    expect((await city.post('/api/v1/reference-rates', { name: 'LPR1Y', rateBps: 200, effectiveOn: '2027-01-20' })).status).toBe(201);
    const product = await city.post(`/api/v1/loan-programmes/${programmeId}/products`, body);
    expect(product.status, JSON.stringify(product.body)).toBe(201);
    expect(product.body).toMatchObject({ rateKind: 'reference_spread', annualRateBps: null, spreadBps: -50, currentRateBps: 260 });
    const rates = await xinbei.get('/api/v1/reference-rates');
    expect(rates.body.items.filter((r: { name: string }) => r.name === 'LPR1Y').map((r: { rateBps: number }) => r.rateBps)).toEqual([200, 310]);
    expect(await audits('reference_rate.create')).toHaveLength(2);
  });

  it('edits a product: fields, version conflict, sums checked again; audited with before and after', async () => {
    const p = (await city.post(`/api/v1/loan-programmes/${programmeId}/products`, productBody('editable'))).body;
    const res = await city.patch(`/api/v1/loan-products/${p.id}`, { maxAmountFen: 40_000_000, annualRateBps: 400, version: p.version });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ maxAmountFen: 40_000_000, annualRateBps: 400, currentRateBps: 400, version: p.version + 1 });
    expect((await city.patch(`/api/v1/loan-products/${p.id}`, { name: 'x', version: p.version })).status).toBe(409);
    const below = await city.patch(`/api/v1/loan-products/${p.id}`, { minAmountFen: 50_000_000 });
    expect(below.status).toBe(400);
    expect(below.body.errors).toEqual([expect.objectContaining({ code: 'loan.amountRange' })]);
    const shares = await city.patch(`/api/v1/loan-products/${p.id}`, { riskShares: { union: 10000, insurer: 1, bank: 0, guarantor: 0 } });
    expect(shares.body.errors).toEqual([expect.objectContaining({ path: 'riskShares', code: 'loan.riskSharesSum' })]);
    expect((await city.patch(`/api/v1/loan-products/${p.id}`, { code: 'renamed' })).status).toBe(400);
    expect((await xinbei.patch(`/api/v1/loan-products/${p.id}`, { name: 'x' })).status).toBe(403);
    const audit = await audits('loan_product.update', p.id);
    expect(audit).toHaveLength(1);
    expect(audit[0].before).toMatchObject({ maxAmountFen: 30_000_000, annualRateBps: 435 });
    expect(audit[0].after).toMatchObject({ maxAmountFen: 40_000_000, annualRateBps: 400 });
  });
});

describe('partner approval limits', () => {
  it('replaced as a whole by a city cadre, partner units only, each once; read by whoever reads loans; audited', async () => {
    const rows = [
      { orgId: ids.bank, maxAmountFen: 30_000_000, note: '分行授权' },
      { orgId: ids.insurer, maxAmountFen: 100_000_000 },
    ];
    const put = await city.put('/api/v1/partner-approval-limits', rows);
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ orgId: ids.bank, orgKind: 'bank', parentId: ids.bankHead, maxAmountFen: 30_000_000, note: '分行授权' }),
        expect.objectContaining({ orgId: ids.insurer, maxAmountFen: 100_000_000, note: null }),
      ]),
    );
    expect(put.body.items).toHaveLength(2);
    expect((await xinbei.get('/api/v1/partner-approval-limits')).body.items).toHaveLength(2);

    const union = await city.put('/api/v1/partner-approval-limits', [{ orgId: ids.xinbei, maxAmountFen: 1 }]);
    expect(union.status).toBe(400);
    expect(union.body.errors).toEqual([expect.objectContaining({ path: '0.orgId', code: 'loan.partnerKind' })]);
    const dup = await city.put('/api/v1/partner-approval-limits', [rows[0], rows[0]]);
    expect(dup.body.errors).toEqual([expect.objectContaining({ path: '1.orgId', code: 'duplicate' })]);
    expect((await city.put('/api/v1/partner-approval-limits', [{ orgId: ids.bank, maxAmountFen: 0 }])).status).toBe(400);
    expect((await city.put('/api/v1/partner-approval-limits', [{ orgId: ids.bank, maxAmountFen: 5, extra: 1 }])).status).toBe(400);
    // Refusals changed nothing.
    expect((await city.get('/api/v1/partner-approval-limits')).body.items).toHaveLength(2);
    const audit = await audits('partner_approval_limits.replace');
    expect(audit).toHaveLength(1);
    expect(audit[0].after).toEqual(rows);
  });
});
