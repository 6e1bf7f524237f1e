/**
 * Baseline for `scoped-list`: Fastify 5 and a pg pool, nothing else: no auth, no zod, no drizzle,
 * no plugins, no logging. It runs the very SQL text drizzle builds for `listOrgs` (captured from the
 * app's repository) with the scope path the app would resolve for the bench cadre, fixed at start.
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import pg from 'pg';
import { announceReady, closeOnSignal, failStart, requiredEnv } from './child.ts';

const SELECT = `select "id", "parent_id", "path", "depth", "kind", "name", "short_name", "division_code", "credit_code", "contact_name", "contact_phone", "address", "status", "sort_order", "created_by", "created_at", "updated_at", (select count(*)::int from org_units c where c.parent_id = "org_units"."id" and (c.path <@ $1::ltree)), count(*) over() from "org_units" where (("org_units"."path" <@ $2::ltree)`;
const ORDER = `) order by "org_units"."depth" asc, "org_units"."sort_order" asc, "org_units"."id" asc limit `;

/** Rows come as arrays, as drizzle asks for them: the two `count` columns would clash as object keys. */
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
  // int8: pg hands it over as a string.
  total: string,
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
    const params: unknown[] = [scopePath, scopePath];
    let text = SELECT;
    if (q.parentId) {
      params.push(Number(q.parentId));
      text += ` and "org_units"."parent_id" = $${params.length}`;
    }
    if (q.kind) {
      params.push([q.kind]);
      text += ` and "org_units"."kind" = any($${params.length}::varchar[])`;
    }
    params.push(pageSize);
    text += `${ORDER}$${params.length}`;
    // drizzle leaves out `offset 0`.
    const offset = (page - 1) * pageSize;
    if (offset > 0) {
      params.push(offset);
      text += ` offset $${params.length}`;
    }
    const { rows } = await pool.query<OrgRow>({ text, values: params, rowMode: 'array' });
    return { items: rows.map(toItem), total: rows.length > 0 ? Number(rows[0]![18]) : 0 };
  });

  closeOnSignal(async () => {
    await app.close();
    await pool.end();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  announceReady((app.server.address() as AddressInfo).port);
}

main().catch(failStart);
