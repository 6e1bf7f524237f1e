import { looksLikePinyin, normaliseIdNumber, type Scope } from '@tongxing/domain';
import type { MemberListQuery } from '@tongxing/contracts';
import type { FieldCrypto } from '../../lib/crypto';
import { likePattern } from '../../lib/pagination';
import { hashIdNumber, hashPhone } from '../../lib/personal';
import { scopeClause } from '../../lib/scope-sql';

export type SearchKind = 'none' | 'id' | 'phone' | 'last4' | 'pinyin' | 'name';

/** What a search text is: the same box takes every pattern the registry is searched by. */
export function classifyQuery(q: string | undefined): SearchKind {
  if (!q) return 'none';
  const n = normaliseIdNumber(q);
  if (/^1[3-9]\d{9}$/.test(n)) return 'phone';
  if (/^\d{3}[\dX]$/.test(n)) return 'last4';
  if (/^\d{17}[\dX]$/.test(n) || /^[HM]\d{8,10}$/.test(n) || /^(?=.*\d)[A-Z0-9]{8,17}$/.test(n)) return 'id';
  if (looksLikePinyin(q)) return 'pinyin';
  return 'name';
}

export interface BuiltWhere {
  where: string[];
  params: unknown[];
  kind: SearchKind;
  /** True when only rollup dimensions filter the list, so the total can come from the counts table. */
  countable: boolean;
}

const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The WHERE clause of a scoped member search, as SQL text with $n parameters. Every branch is served by
 * an index: keyed hashes for full numbers, last-four columns, pinyin initials (prefix) and pinyin
 * trigrams, name trigrams for three or more characters and name grams (GIN) for one or two.
 */
export function buildMemberWhere(crypto: FieldCrypto, scope: Scope, q: MemberListQuery, resolved: { orgPath?: string | null } = {}): BuiltWhere {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const where: string[] = [scopeClause(scope, { path: 'm.org_path', orgId: 'm.org_id', owner: 'm.created_by' }, params)];
  let countable = true;
  const kind = classifyQuery(q.q);
  const text = q.q ?? '';
  switch (kind) {
    case 'id':
      where.push(`m.id_hash = ${p(hashIdNumber(crypto, text))}`);
      break;
    case 'phone':
      where.push(`m.phone_hash = ${p(hashPhone(crypto, text))}`);
      break;
    case 'last4': {
      const last4 = p(normaliseIdNumber(text));
      where.push(`(m.id_last4 = ${last4} or m.phone_last4 = ${last4})`);
      break;
    }
    case 'pinyin': {
      const lower = text.toLowerCase();
      // Initials find 张三 by "zs"; from three letters on, the full pinyin matches anywhere ("zhangs").
      where.push(
        lower.length >= 3
          ? `(m.name_initials like ${p(`${lower}%`)} or m.name_pinyin like ${p(likePattern(lower))})`
          : `m.name_initials like ${p(`${lower}%`)}`,
      );
      break;
    }
    case 'name': {
      const chars = [...text.replace(/\s+/g, '')];
      where.push(chars.length <= 2 ? `m.name_grams @> array[${p(chars.join(''))}]::text[]` : `m.name like ${p(likePattern(text.replace(/\s+/g, '')))}`);
      break;
    }
    case 'none':
      break;
  }
  if (kind !== 'none') countable = false;
  if (q.orgId) {
    // A path resolved beforehand is a constant the planner can estimate (a union of 60 or a district of
    // 200,000); behind a sub-select it guesses, and walked the whole roster for a small union (20 s).
    if (resolved.orgPath !== undefined) where.push(resolved.orgPath === null ? 'false' : `m.org_path <@ ${p(resolved.orgPath)}::ltree`);
    else where.push(`m.org_path <@ (select o.path from org_units o where o.id = ${p(q.orgId)})`);
  }
  const statuses = arr(q.status);
  if (statuses.length > 0) where.push(`m.status = any(${p(statuses)}::varchar[])`);
  const categories = arr(q.category);
  if (categories.length > 0) where.push(`m.category = any(${p(categories)}::varchar[])`);
  const levels = arr(q.modelWorkerLevel);
  if (levels.length > 0) {
    where.push(`m.model_worker_level = any(${p(levels)}::varchar[])`);
    countable = false;
  }
  const tags = arr(q.tag);
  if (tags.length > 0) {
    where.push(`m.tags @> ${p(tags)}::text[]`);
    countable = false;
  }
  return { where, params, kind, countable };
}

export const sortColumns: Record<MemberListQuery['sort'], string> = {
  // Chinese names sort by their pinyin, as a roster is read.
  name: 'm.name_pinyin',
  joinDate: 'm.join_date',
  createdAt: 'm.created_at',
  birthDate: 'm.birth_date',
};

/**
 * The roster order of a list. A search by name or number sorts its matches (found through their own
 * index) instead of walking the pinyin index and filtering: the matches of a name search sit together
 * in pinyin order (every 王… is at "wang…"), which the planner cannot know, so the walk it picks for a
 * "frequent" match read up to 900,000 rows before the first hit (q=王, q=wj: 7–10 s in 1.5M members).
 * `|| ''` keeps the order and collation and only takes the index out of the choice. Filters without a
 * search text keep the walk (it meets matches evenly and stops after a page) unless the caller knows
 * there are few matches (`sortDirectly`).
 */
export function orderExpression(kind: SearchKind, sort: MemberListQuery['sort'], sortDirectly = false): string {
  return sort === 'name' && (kind !== 'none' || sortDirectly) ? `(m.name_pinyin || '')` : sortColumns[sort];
}
