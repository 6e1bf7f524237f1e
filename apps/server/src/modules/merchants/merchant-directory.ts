import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '@tongxing/db';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { shanghaiDate } from '../../lib/local-date';
import { likePattern, offsetOf } from '../../lib/pagination';
import { fileOf } from './merchant-terms.service';
import type { StoredMerchantPhoto } from './merchants.repository';

/**
 * The public directory of partner merchants (the member portal's "near me / by category and district"):
 * active merchants only, public facts only (no credit code, no contact), with today's terms. With a
 * position, sorted by great-circle distance (haversine in SQL; a few thousand rows need no spatial index).
 */
type DirectoryRow = {
  id: number;
  name: string;
  category: string;
  address: string;
  lng: number | null;
  lat: number | null;
  opening_hours: string | null;
  district_name: string | null;
  org_name: string;
  discount_bps: number | null;
  subsidy_bps: number | null;
  cap_per_txn_fen: number | null;
  cap_per_month_fen: number | null;
  valid_to: string | null;
  distance_m: number | null;
  photo_count: number;
  description: string | null;
  photos: StoredMerchantPhoto[];
  total: number;
};

type DirectoryQuery = { category?: string | undefined; orgId?: number | undefined; q?: string | undefined; lng?: number | undefined; lat?: number | undefined; page: number; pageSize: number };

function distance(lng: number | undefined, lat: number | undefined): SQL {
  if (lng === undefined || lat === undefined) return sql`null::int`;
  return sql`round(2 * 6371008.8 * asin(sqrt(
      power(sin(radians(m.lat::float8 - ${lat}::float8) / 2), 2)
      + cos(radians(${lat}::float8)) * cos(radians(m.lat::float8)) * power(sin(radians(m.lng::float8 - ${lng}::float8) / 2), 2))))::int`;
}

async function select(db: DbOrTx, where: SQL, q: DirectoryQuery, today: string, opts: { limit: number; offset: number }) {
  const res = await db.execute<DirectoryRow>(sql`
    select m.id, m.name, m.category, m.address, m.lng::float8 as lng, m.lat::float8 as lat, m.opening_hours,
           d.name as district_name, o.name as org_name, ca.discount_bps, ca.subsidy_bps, ca.cap_per_txn_fen, ca.cap_per_month_fen, ca.valid_to,
           ${distance(q.lng, q.lat)} as distance_m, jsonb_array_length(m.photos)::int as photo_count, m.description, m.photos,
           count(*) over()::int as total
      from merchants m
      join org_units o on o.id = m.supervisor_org_id
      left join org_units d on d.id = case when nlevel(m.supervisor_path) >= 2 then ltree2text(subpath(m.supervisor_path, 1, 1))::int end
      left join lateral (
        select a.discount_bps, a.subsidy_bps, a.cap_per_txn_fen, a.cap_per_month_fen, a.valid_to from merchant_agreements a
         where a.merchant_id = m.id and a.valid_from <= ${today}::date and a.valid_to >= ${today}::date
         order by (a.status = 'active') desc, a.valid_from desc, a.id desc limit 1) ca on true
     where m.state = 'active' and ${where}
     order by distance_m nulls last, m.id
     limit ${opts.limit} offset ${opts.offset}`);
  return res.rows;
}

function item(r: DirectoryRow) {
  return {
    id: r.id,
    name: r.name,
    category: r.category as 'other',
    address: r.address,
    lng: r.lng,
    lat: r.lat,
    openingHours: r.opening_hours,
    districtName: r.district_name,
    orgName: r.org_name,
    discountBps: r.discount_bps,
    subsidyBps: r.subsidy_bps,
    distanceM: r.distance_m,
    photoCount: r.photo_count,
  };
}

export async function searchDirectory(deps: AppDeps, q: DirectoryQuery) {
  const parts: SQL[] = [sql`true`];
  if (q.category) parts.push(sql`m.category = ${q.category}`);
  if (q.orgId) parts.push(sql`m.supervisor_path <@ (select p.path from org_units p where p.id = ${q.orgId} and p.kind in ('city_federation','district_union','street_federation'))`);
  if (q.q) parts.push(sql`(m.name ilike ${likePattern(q.q)} or m.address ilike ${likePattern(q.q)})`);
  const rows = await select(deps.db, sql.join(parts, sql` and `), q, shanghaiDate(deps.clock()), { limit: q.pageSize, offset: offsetOf(q.page, q.pageSize) });
  return { items: rows.map(item), total: rows[0]?.total ?? 0 };
}

async function activeOne(deps: AppDeps, id: number) {
  const rows = await select(deps.db, sql`m.id = ${id}`, { page: 1, pageSize: 1 }, shanghaiDate(deps.clock()), { limit: 1, offset: 0 });
  const r = rows[0];
  if (!r) throw new AppError('NOT_FOUND');
  return r;
}

export async function directoryEntry(deps: AppDeps, id: number) {
  const r = await activeOne(deps, id);
  return {
    ...item(r),
    description: r.description,
    photos: (r.photos ?? []).map((p) => ({ n: p.n, mime: p.mime })),
    capPerTxnFen: r.cap_per_txn_fen,
    capPerMonthFen: r.cap_per_month_fen,
    validTo: r.valid_to,
  };
}

export async function directoryPhoto(deps: AppDeps, id: number, n: number) {
  return fileOf(deps, await activeOne(deps, id), n);
}
