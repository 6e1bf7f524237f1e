import type pg from 'pg';
import type { Scope } from '@tongxing/domain';
import type { MemberListQuery } from '@tongxing/contracts';
import { offsetOf } from '../../lib/pagination';
import { scopeClause } from '../../lib/scope-sql';
import { classifyQuery } from './member-search';
import type { ListRow } from './members.repository';

const arr = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * The search key that serves this list in roster order, if any: a name of one or two characters, one or
 * two pinyin initials, or (without a search text) a tag. These are the searches with thousands of matches
 * in a district, where fetching every match to sort it cost 50–500 ms; walking `member_search_keys` in
 * (key, name_pinyin) order reads one page and stops.
 */
export function searchKeyFor(q: MemberListQuery): string | null {
  if (q.sort !== 'name') return null;
  const kind = classifyQuery(q.q);
  const text = (q.q ?? '').replace(/\s+/g, '');
  if (kind === 'name' && [...text].length <= 2) return `n:${text.toLowerCase()}`;
  if (kind === 'pinyin' && text.length <= 2) return `i:${text.toLowerCase()}`;
  const tags = arr(q.tag);
  if (kind === 'none' && tags.length > 0) return `t:${tags[0]}`;
  return null;
}

function keyedWhere(scope: Scope, q: MemberListQuery, key: string, orgPath: string | null | undefined) {
  const params: unknown[] = [key];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  // The path parts of the scope filter the index's own column; unit and owner parts need the member row.
  const where = ['k.key = $1', scopeClause(scope, { path: 'k.org_path', orgId: 'm.org_id', owner: 'm.created_by' }, params)];
  if (q.orgId) where.push(orgPath ? `k.org_path <@ ${p(orgPath)}::ltree` : 'false');
  const statuses = arr(q.status);
  if (statuses.length > 0) where.push(`k.status = any(${p(statuses)}::varchar[])`);
  const categories = arr(q.category);
  if (categories.length > 0) where.push(`m.category = any(${p(categories)}::varchar[])`);
  const levels = arr(q.modelWorkerLevel);
  if (levels.length > 0) where.push(`m.model_worker_level = any(${p(levels)}::varchar[])`);
  const tags = arr(q.tag);
  // With a text search every tag filters the member row; without one, the first tag is the key itself.
  const extraTags = q.q ? tags : tags.slice(1);
  if (extraTags.length > 0) where.push(`m.tags @> ${p(extraTags)}::text[]`);
  return { where: where.join(' and '), params };
}

export async function listByKey(pool: pg.Pool, scope: Scope, q: MemberListQuery, key: string, orgPath: string | null | undefined, cap: number) {
  const { where, params } = keyedWhere(scope, q, key, orgPath);
  const dir = q.order === 'desc' ? 'desc' : 'asc';
  const listParams = [...params, q.pageSize, offsetOf(q.page, q.pageSize)];
  const [rows, count] = await Promise.all([
    pool.query<ListRow>(
      `select p.id, p.name, p.gender, p.birth_date, p.id_type, p.id_enc, p.phone_enc, p.org_id, o.name as org_name,
              p.employer, p.join_date, p.status, p.category, p.model_worker_level, p.tags
         from (select m.id, m.name, m.gender, m.birth_date, m.id_type, m.id_enc, m.phone_enc, m.org_id, m.employer, m.join_date,
                      m.status, m.category, m.model_worker_level, m.tags, k.name_pinyin as sort_key, k.member_id
                 from member_search_keys k join members m on m.id = k.member_id
                where ${where}
                order by k.name_pinyin ${dir}, k.member_id ${dir}
                limit $${listParams.length - 1} offset $${listParams.length}) p
         join org_units o on o.id = p.org_id
        order by p.sort_key ${dir}, p.member_id ${dir}`,
      listParams,
    ),
    pool.query<{ n: number }>(
      `select count(*)::int as n from (select 1 from member_search_keys k join members m on m.id = k.member_id where ${where} limit ${cap + 1}) x`,
      params,
    ),
  ]);
  const n = count.rows[0]?.n ?? 0;
  return { rows: rows.rows, total: Math.min(n, cap), capped: n > cap };
}
