import { expect } from 'vitest';
import { luhnCheckDigit } from '../../src/modules/cards/card-number';
import { rememberSecret, type TestApp, type TestClient } from '../harness';
import { makeIdNumber, makePhone } from './people';

export const BANK_BRANCH = '江苏同舟农村商业银行常州分行';

/** The card programme of the tests: the demo bank's city branch issues; 开卡率 over members; 10 yuan qualifies. */
export async function setupCardProgramme(t: TestApp, city: TestClient, opts: { code?: string; bankOrgIds?: number[] } = {}) {
  const bankOrgId = await t.orgIdByName(BANK_BRANCH);
  const res = await city.post('/api/v1/card-programmes', {
    code: opts.code ?? 'fuwuka',
    name: '工会会员服务卡',
    issueRateBase: 'members',
    minQualifyingFen: 1000,
    bankOrgIds: opts.bankOrgIds ?? [bankOrgId],
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { programmeId: res.body.id as number, bankOrgId };
}

let cardSerial = (process.pid % 1000) * 10_000;
/** A fictional card number with a valid check digit (a secret: the log scan looks for it). */
export function makeCardNumber(): string {
  cardSerial++;
  const body = `621799${String(cardSerial).padStart(12, '0')}`;
  const n = body + luhnCheckDigit(body);
  rememberSecret(n);
  return n;
}

const surnames = ['赵', '钱', '孙', '李', '周', '吴', '郑', '王', '冯', '陈'];
const given = ['明', '芳', '强', '丽', '军', '静', '磊', '敏', '洋', '艳'];

export interface TestPerson {
  id: number;
  name: string;
  idNumber: string;
}

/** Members registered through the API in `orgId`. */
export async function registerMembers(c: TestClient, orgId: number, n: number): Promise<TestPerson[]> {
  const out: TestPerson[] = [];
  for (let i = 0; i < n; i++) {
    const idNumber = makeIdNumber();
    const name = `${surnames[i % 10]}${given[Math.floor(i / 10) % 10]}${given[(i + 3) % 10]}`;
    const res = await c.post('/api/v1/members', { name, idNumber, phone: makePhone(), orgId });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    out.push({ id: res.body.id, name, idNumber });
  }
  return out;
}

export interface BankRow {
  idNumber?: string | null;
  name?: string | null;
  cardNumber?: string | null;
  state?: string | null;
  issuedOn?: string | null;
  activatedOn?: string | null;
  changedOn?: string | null;
  idType?: string | null;
}

const bankHeaders = ['证件类型', '证件号码', '姓名', '卡号', '状态', '发卡日期', '激活日期', '变更日期'];

/** The bank's file as UTF-8 CSV. */
export function bankCsv(rows: BankRow[]): Buffer {
  const cell = (v: string | null | undefined) => v ?? '';
  const lines = [bankHeaders.join(','), ...rows.map((r) => [r.idType, r.idNumber, r.name, r.cardNumber, r.state, r.issuedOn, r.activatedOn, r.changedOn].map(cell).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
}

/** A POST whose answer is a file: the raw bytes (the JSON client would mangle a zip). */
export async function postForFile(c: TestClient, url: string, body: unknown) {
  const res = await c.app.inject({
    method: 'POST',
    url,
    payload: body as object,
    headers: {
      ...(c.cookie ? { cookie: `tx_session=${c.cookie}` } : {}),
      ...(c.csrf ? { 'x-csrf-token': c.csrf } : {}),
    },
  });
  let json: any = null;
  if (String(res.headers['content-type'] ?? '').includes('json')) json = res.json();
  return { status: res.statusCode, headers: res.headers, raw: res.rawPayload, body: json };
}

/** The funnel of a unit's subtree for the programme, summed over all months. */
export async function funnel(t: TestApp, orgId: number, programmeId: number) {
  const res = await t.pool.query<{ collected: number; applied: number; issued: number; activated: number }>(
    `select coalesce(sum(collected), 0)::int as collected, coalesce(sum(applied), 0)::int as applied, coalesce(sum(issued), 0)::int as issued,
            coalesce(sum(activated), 0)::int as activated
       from org_card_flow where org_id = $1 and programme_id = $2`,
    [orgId, programmeId],
  );
  return res.rows[0]!;
}
