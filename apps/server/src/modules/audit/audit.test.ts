import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, type TestClient } from '../../../test/harness';
import { verifyChain } from './audit.repository';
import { writeAudit } from '../../lib/audit';

let t: TestApp;
let auditor: TestClient;
let city: TestClient;
beforeAll(async () => {
  t = await createTestApp();
  auditor = await t.login('auditor');
  city = await t.login('city');
});
afterAll(async () => t.close());

describe('audit log', () => {
  it('records writes with actor, unit, entity, before/after, IP and request id', async () => {
    const xinbei = await t.orgIdByName('新北区总工会');
    const res = await city.post('/api/v1/orgs', { name: '审计测试街道总工会', kind: 'street_federation', parentId: xinbei });
    const list = await auditor.get(`/api/v1/audit?entityType=org&entityId=${res.body.id}`);
    expect(list.body.total).toBe(1);
    const row = list.body.items[0];
    expect(row).toMatchObject({ action: 'org.create', actorUsername: 'city', outcome: 'success', entityType: 'org', entityId: String(res.body.id), ip: '127.0.0.1' });
    expect(row.actorOrgId).toBe(await t.orgIdByName('常州市总工会'));
    expect(row.requestId).toBe(res.headers['x-request-id']);
    expect(row.after.name).toBe('审计测试街道总工会');
    expect(row.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('filters by actor, action prefix, outcome and time', async () => {
    await t.client().post('/api/v1/auth/login', { username: 'city', password: 'wrong' });
    const failures = await auditor.get('/api/v1/audit?action=auth.&outcome=failure');
    expect(failures.body.items.every((r: { action: string; outcome: string }) => r.action.startsWith('auth.') && r.outcome === 'failure')).toBe(true);
    expect(failures.body.total).toBeGreaterThan(0);
    const byActor = await auditor.get('/api/v1/audit?actor=CITY');
    expect(byActor.body.items.every((r: { actorUsername: string }) => r.actorUsername === 'city')).toBe(true);
    const future = await auditor.get(`/api/v1/audit?from=${encodeURIComponent('2099-01-01T00:00:00+08:00')}`);
    expect(future.body.total).toBe(0);
    expect((await auditor.get('/api/v1/audit?from=yesterday')).status).toBe(400);
  });

  it('is readable by the audit administrator only', async () => {
    expect((await city.get('/api/v1/audit')).status).toBe(403);
    const { client: admin } = await t.loginFull('admin');
    expect((await admin.get('/api/v1/audit')).status).toBe(403);
    const { client: sec } = await t.loginFull('secadmin');
    expect((await sec.get('/api/v1/audit')).status).toBe(403);
  });

  it('is append-only: the database refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(t.pool.query(`update audit_log set action = 'x' where id = (select max(id) from audit_log)`)).rejects.toThrow(/append-only/);
    await expect(t.pool.query(`delete from audit_log where id = (select max(id) from audit_log)`)).rejects.toThrow(/append-only/);
    await expect(t.pool.query(`truncate audit_log`)).rejects.toThrow(/append-only/);
  });

  it('rolls back the change when its audit row cannot be written', async () => {
    const before = (await t.pool.query('select count(*)::int as n from org_units')).rows[0].n;
    await expect(
      t.deps.db.transaction(async (tx) => {
        await tx.execute(`insert into org_units (id, path, depth, kind, name) values (999999, '999999', 0, 'bank', '不该留下')` as never);
        // An action name longer than the column allows makes the audit insert fail.
        await writeAudit(tx, { actor: null, scope: null, ip: null, requestId: 'r', lang: 'zh-CN', userAgent: null }, { action: 'x'.repeat(200) });
      }),
    ).rejects.toThrow();
    expect((await t.pool.query('select count(*)::int as n from org_units')).rows[0].n).toBe(before);
  });

  it('is hash-chained: verify passes, also after concurrent writers', async () => {
    const ok = await auditor.post('/api/v1/audit/verify');
    expect(ok.body).toMatchObject({ ok: true, firstBrokenId: null });
    expect(ok.body.checked).toBeGreaterThan(5);
    const cityId = await t.orgIdByName('常州市总工会');
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => city.patch(`/api/v1/orgs/${cityId}`, { contactName: `并发${i}` })));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect(await verifyChain(t.pool)).toMatchObject({ ok: true });
  });
});

/** Someone with superuser rights bypasses the triggers (replica mode) and tampers with the table. */
async function tamper(pool: TestApp['pool'], statement: string, params: unknown[]) {
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    await client.query(statement, params);
    await client.query('commit');
  } finally {
    client.release();
  }
}

describe('audit verify finds tampering', () => {
  it('reports the first row whose content was edited', async () => {
    const target = Number((await t.pool.query(`select id from audit_log order by id offset 3 limit 1`)).rows[0].id);
    await tamper(t.pool, `update audit_log set actor_username = 'someone-else' where id = $1`, [target]);
    expect(await verifyChain(t.pool, 2)).toMatchObject({ ok: false, firstBrokenId: target, reason: 'content does not match its hash' });
  });

  it('reports the row after one that was deleted', async () => {
    const other = await createTestApp();
    try {
      const c = await other.login('city');
      for (let i = 0; i < 5; i++) await c.patch(`/api/v1/orgs/${await other.orgIdByName('常州市总工会')}`, { contactName: `值班${i}` });
      const ids = (await other.pool.query(`select id from audit_log order by id`)).rows.map((r) => Number(r.id));
      const victim = ids[3]!;
      await tamper(other.pool, `delete from audit_log where id = $1`, [victim]);
      expect(await verifyChain(other.pool)).toMatchObject({ ok: false, firstBrokenId: ids[4], reason: 'prev_hash does not match the previous row' });
    } finally {
      await other.close();
    }
  });
});
