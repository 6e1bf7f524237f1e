import { expect } from 'vitest';
import { completeUscc } from '@tongxing/domain';
import type { TestApp, TestClient } from '../harness';
import { makeIdNumber, makePhone } from './people';

let serial = (process.pid % 1000) * 10_000;

/** A valid, unique credit code of an individual business (92…) in 新北区. */
export function makeMerchantUscc(): string {
  serial++;
  return completeUscc(`92320411MA${String(serial).padStart(7, '0')}`);
}

export async function unitId(t: TestApp, name: string): Promise<number> {
  return t.orgIdByName(name);
}

/** A complete application body for a merchant of `orgId` (a district or street union), with overrides. */
export function merchantBody(orgId: number, over: Record<string, unknown> = {}) {
  return {
    name: `常州测试超市${++serial}`,
    creditCode: makeMerchantUscc(),
    category: 'supermarket',
    address: '常州市新北区三井街道河海中路 88 号',
    lng: 119.9735,
    lat: 31.8112,
    openingHours: '08:00-22:00',
    contactName: '顾经理',
    contactPhone: makePhone(),
    description: '会员凭服务卡消费享九五折',
    orgId,
    proposal: { discountBps: 500, subsidyBps: 300 },
    ...over,
  };
}

export const agreementBody = (over: Record<string, unknown> = {}) => ({
  discountBps: 500,
  subsidyBps: 1200,
  capPerTxnFen: 5000,
  capPerMonthFen: 20000,
  validFrom: '2026-01-01',
  validTo: '2027-12-31',
  ...over,
});

/** Entered by `cadre` and approved by it: an active merchant with its first agreement and partner unit. */
export async function activeMerchant(cadre: TestClient, orgId: number, over: Record<string, unknown> = {}, agreement: Record<string, unknown> = {}) {
  const created = await cadre.post('/api/v1/merchants', merchantBody(orgId, over));
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const approved = await cadre.post(`/api/v1/merchants/${created.body.id}/approve`, { agreement: agreementBody(agreement) });
  expect(approved.status, JSON.stringify(approved.body)).toBe(200);
  return approved.body as { id: number; partnerOrgId: number; agreements: { id: number }[]; version: number };
}

/**
 * Card transactions at a merchant, written straight into the tables (the partner API is another module's):
 * one activated card of a fresh member of `memberOrgId`, and the given purchases/refunds.
 */
export async function seedTransactions(
  t: TestApp,
  merchantId: number,
  memberOrgId: number,
  items: { kind?: 'purchase' | 'refund'; amountFen: number; subsidyFen: number; occurredAt: string }[],
) {
  const q = (text: string, params: unknown[] = []) => t.pool.query(text, params);
  let programme = (await q(`select id from card_programmes where code = 'test-card'`)).rows[0]?.id as number | undefined;
  if (!programme) programme = (await q(`insert into card_programmes (code, name) values ('test-card', '测试服务卡') returning id`)).rows[0].id as number;
  const bank = (await q(`select id from org_units where kind = 'bank' order by id desc limit 1`)).rows[0].id as number;
  const org = (await q(`select id, path::text as path from org_units where id = $1`, [memberOrgId])).rows[0];
  const member = (
    await q(
      `insert into members (org_id, org_path, name, name_pinyin, name_initials, name_grams, id_enc, id_hash, id_last4, gender, status, join_date)
       values ($1, $2::ltree, '持卡人', 'chikaren', 'ckr', '{持,卡,人}', '\\x01'::bytea, $3, '0000', 'M', 'active', '2020-01-01') returning id`,
      [org.id, org.path, `h${makeIdNumber()}`],
    )
  ).rows[0].id as number;
  const last4 = String(1000 + (serial++ % 9000));
  const card = (
    await q(
      `insert into cards (programme_id, member_id, bank_org_id, org_id, org_path, state, channel, number_last4, number_hash, applied_at, issued_on, activated_on)
       values ($1, $2, $3, $4, $5::ltree, 'activated', 'bank', $6, $7, '2026-01-02T00:00:00Z', '2026-01-05', '2026-01-06') returning id`,
      [programme, member, bank, org.id, org.path, last4, `card-${merchantId}-${serial}-${Math.random()}`],
    )
  ).rows[0].id as number;
  for (const [i, it] of items.entries()) {
    const month = Number(new Date(new Date(it.occurredAt).getTime() + 8 * 3_600_000).toISOString().slice(0, 7).replace('-', ''));
    await q(
      `insert into card_transactions (sender_org_id, sender_txn_id, card_id, merchant_id, kind, amount_fen, subsidy_fen, occurred_at, month)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [bank, `T${card}-${i}-${serial++}`, card, merchantId, it.kind ?? 'purchase', it.amountFen, it.subsidyFen, it.occurredAt, month],
    );
  }
  return { cardId: card, last4 };
}
