/**
 * Baseline for `scoped-list`: Fastify 5 and a pg pool, nothing else: no auth, no zod, no plugins, no
 * logging. It runs the same SQL text, with the same parameters in the same order, as the app's
 * `listOrgs` (apps/server/src/modules/orgs/orgs.repository.ts), with the scope path the app would resolve
 * for the bench cadre fixed at start.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import pg from 'pg';
import { announceReady, closeOnSignal, failStart, requiredEnv } from './child.ts';

const COLUMNS = `o.id, o.parent_id, o.path::text as path, o.depth, o.kind, o.name, o.short_name, o.division_code,
  o.credit_code, o.contact_name, o.contact_phone, o.address, o.status, o.sort_order, o.created_by, o.created_at, o.updated_at`;

/** Rows come as arrays: the cheapest shape pg offers. */
type OrgRow = [
  id: number,
  parentId: number | null,
  path: string,
  depth: number,
  kind: string,
  name: string,
  shortName: string | null,
  divisionCode: string | null,
  creditCode: string | null,
  contactName: string | null,
  contactPhone: string | null,
  address: string | null,
  status: string,
  sortOrder: number,
  createdBy: number | null,
  createdAt: Date,
  updatedAt: Date,
  childCount: number,
  total: number,
];

/** The same JSON shape as the app's `toOrg`, so both sides send comparable bodies. */
function toItem(r: OrgRow) {
  const [id, parentId, path, depth, kind, name, shortName, divisionCode, creditCode, contactName, contactPhone, address, status, sortOrder] = r;
  return {
    id,
    name,
    shortName,
    kind,
    parentId,
    divisionCode,
    creditCode,
    contactName,
    contactPhone,
    address,
    status,
    sortOrder,
    depth,
    ancestorIds: path.split('.').map(Number).slice(0, -1),
    childCount: r[17],
    createdAt: r[15].toISOString(),
    updatedAt: r[16].toISOString(),
  };
}

async function main() {
  const scopePath = requiredEnv('BENCH_SCOPE_PATH');
  const pool = new pg.Pool({
    connectionString: requiredEnv('DATABASE_URL'),
    max: Number(requiredEnv('DB_POOL_SIZE')),
    idleTimeoutMillis: 30_000,
    application_name: 'tongxing-bench-bare',
    options: '-c TimeZone=Asia/Shanghai',
  });
  const app = Fastify({ logger: false });

  // Same URL as the app's, so both sides get byte-identical requests.
  app.get('/api/v1/orgs', async (request) => {
    const q = request.query as Record<string, string | undefined>;
    const page = Number(q.page ?? 1);
    const pageSize = Number(q.pageSize ?? 20);
    // The same statement, text and parameter order, as the app's listOrgs for this request.
    const params: unknown[] = [scopePath];
    const where = ['(o.path <@ $1::ltree)'];
    if (q.parentId) {
      params.push(Number(q.parentId));
      where.push(`o.parent_id = $${params.length}`);
    }
    if (q.kind) {
      params.push([q.kind]);
      where.push(`o.kind = any($${params.length}::varchar[])`);
    }
    params.push(scopePath);
    const childScope = `(c.path <@ $${params.length}::ltree)`;
    params.push(pageSize, (page - 1) * pageSize);
    const text = `select ${COLUMNS},
      (select count(*)::int from org_units c where c.parent_id = o.id and ${childScope}) as child_count,
      count(*) over()::int as total
    from org_units o
   where ${where.join(' and ')}
   order by o.depth, o.sort_order, o.id
   limit $${params.length - 1} offset $${params.length}`;
    const { rows } = await pool.query<OrgRow>({ text, values: params, rowMode: 'array' });
    return { items: rows.map(toItem), total: rows.length > 0 ? rows[0]![18] : 0 };
  });

  closeOnSignal(async () => {
    await app.close();
    await pool.end();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  announceReady((app.server.address() as AddressInfo).port);
}

main().catch(failStart);
