import type pg from 'pg';
import { rng } from '@tongxing/db/seed/codes';
import type { FieldCrypto } from '../../apps/server/src/lib/crypto.ts';

/**
 * The registry's search patterns as real requests: values drawn from members inside the actor's scope
 * (a cadre looks for people who are there), so every name, pinyin and number search has at least one
 * match, and the exact ones exactly one.
 */
export interface SampleMember {
  name: string;
  pinyin: string;
  initials: string;
  idNumber: string;
  phone: string | null;
}

export interface ScopeUnits {
  districts: number[];
  streets: number[];
  unions: number[];
}

/** What a correct answer looks like: exactly one match, at least one, or anything (filters). */
export type Expect = 'one' | 'some' | 'any';

export interface Pattern {
  key: string;
  label: string;
  expect: Expect;
  /** The query string for one request, or null when this sample cannot serve the pattern. */
  build(m: SampleMember, r: () => number, units: ScopeUnits): string | null;
}

const tags = ['技术能手', '困难职工', '退役军人', '新就业形态', '龙城工匠'];
const categories = ['industrial', 'migrant', 'new_form', 'professional'];
const enc = encodeURIComponent;
const pick = <T>(list: T[], r: () => number): T => list[Math.floor(r() * list.length)]!;
/** Most people look at the first page; some page on. */
const page = (r: () => number) => (r() < 0.7 ? 1 : 2 + Math.floor(r() * 4));
const slice = (name: string, len: number, r: () => number) => {
  const chars = [...name];
  if (chars.length < len) return null;
  const at = Math.floor(r() * (chars.length - len + 1));
  return chars.slice(at, at + len).join('');
};
/** A unit to filter by: mostly a street or a union, sometimes a whole district (when there are several). */
function unitFilter(units: ScopeUnits, r: () => number): number {
  const x = r();
  if (units.districts.length > 1 && x < 0.2) return pick(units.districts, r);
  return x < 0.6 ? pick(units.streets, r) : pick(units.unions, r);
}

export const patterns: Pattern[] = [
  { key: 'name1', label: 'name, 1 character', expect: 'some', build: (m, r) => `q=${enc(slice(m.name, 1, r)!)}&page=${page(r)}` },
  { key: 'name2', label: 'name, 2 characters', expect: 'some', build: (m, r) => `q=${enc(slice(m.name, 2, r)!)}&page=${page(r)}` },
  {
    key: 'name3',
    label: 'name, 3 characters',
    expect: 'some',
    build: (m, r) => {
      const q = slice(m.name, 3, r);
      return q ? `q=${enc(q)}` : null;
    },
  },
  { key: 'initials2', label: 'pinyin initials, 2 letters', expect: 'some', build: (m, r) => `q=${m.initials.slice(0, 2)}&page=${page(r)}` },
  { key: 'initials3', label: 'pinyin initials, 3 letters', expect: 'some', build: (m) => (m.initials.length >= 3 ? `q=${m.initials.slice(0, 3)}` : null) },
  { key: 'pinyin', label: 'full pinyin', expect: 'some', build: (m) => `q=${m.pinyin}` },
  { key: 'last4', label: 'last 4 digits (phone or ID)', expect: 'some', build: (m, r) => `q=${(r() < 0.5 && m.phone ? m.phone : m.idNumber).slice(-4)}` },
  { key: 'id', label: 'exact ID number', expect: 'one', build: (m) => `q=${m.idNumber}` },
  { key: 'phone', label: 'exact phone', expect: 'one', build: (m) => (m.phone ? `q=${m.phone}` : null) },
  {
    key: 'filter',
    label: 'unit + status + category, no q',
    expect: 'any',
    build: (_m, r, u) => `orgId=${unitFilter(u, r)}&status=active&category=${pick(categories, r)}&page=${page(r)}`,
  },
  {
    key: 'modelWorker',
    label: 'model-worker level (± unit)',
    expect: 'any',
    build: (_m, r, u) => {
      const level = pick([['city'], ['provincial'], ['national'], ['provincial', 'national'], ['city', 'provincial', 'national']], r);
      return `${level.map((l) => `modelWorkerLevel=${l}`).join('&')}${r() < 0.5 ? `&orgId=${unitFilter(u, r)}` : ''}&page=${page(r)}`;
    },
  },
  {
    key: 'tag',
    label: 'tag (± unit)',
    expect: 'any',
    build: (_m, r, u) => `tag=${enc(pick(tags, r))}${r() < 0.5 ? `&orgId=${unitFilter(u, r)}` : ''}&page=${page(r)}`,
  },
  {
    key: 'joinSort',
    label: 'unit + status, newest joiners first',
    expect: 'any',
    build: (_m, r, u) => `orgId=${unitFilter(u, r)}&status=active&sort=joinDate&order=desc&page=${page(r)}`,
  },
];

/** Members of a subtree in a fixed pseudo-random order (md5 of the id with a salt), their numbers opened. */
export async function sampleMembers(pool: pg.Pool, crypto: FieldCrypto, scopePath: string, n: number, salt: string): Promise<SampleMember[]> {
  const res = await pool.query<{ name: string; name_pinyin: string; name_initials: string; id_enc: Buffer; phone_enc: Buffer | null }>(
    `select name, name_pinyin, name_initials, id_enc, phone_enc from members
      where org_path <@ $1::ltree order by md5(id::text || $2) limit $3`,
    [scopePath, salt, n],
  );
  return res.rows.map((r) => ({
    name: r.name,
    pinyin: r.name_pinyin,
    initials: r.name_initials,
    idNumber: crypto.decrypt(r.id_enc),
    phone: r.phone_enc ? crypto.decrypt(r.phone_enc) : null,
  }));
}

export async function scopeUnits(pool: pg.Pool, scopePath: string): Promise<ScopeUnits> {
  const res = await pool.query<{ id: number; kind: string }>(
    `select id, kind from org_units where path <@ $1::ltree and kind in ('district_union', 'street_federation', 'grassroots_union') order by id`,
    [scopePath],
  );
  const of = (kind: string) => res.rows.filter((u) => u.kind === kind).map((u) => u.id);
  return { districts: of('district_union'), streets: of('street_federation'), unions: of('grassroots_union') };
}

/**
 * `count` request paths of one pattern (plus `warmup` more, first), cycling through the samples from an
 * offset of its own so different patterns use different people.
 */
export function buildPaths(pattern: Pattern, samples: SampleMember[], units: ScopeUnits, count: number, seed: number): string[] {
  const r = rng(seed);
  const out: string[] = [];
  let i = Math.floor(r() * samples.length);
  for (let tries = 0; out.length < count && tries < count * 20; tries++, i++) {
    const q = pattern.build(samples[i % samples.length]!, r, units);
    if (q !== null) out.push(`/api/v1/members?${q}`);
  }
  if (out.length < count) throw new Error(`only ${out.length} requests for ${pattern.key}: too few samples`);
  return out;
}
