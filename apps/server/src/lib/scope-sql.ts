import { sql, type SQL, type AnyColumn } from 'drizzle-orm';
import type { Scope } from '@tongxing/domain';

/**
 * The SQL condition limiting rows to a scope. `pathCol` is the ltree path of the row's unit, `idCol`
 * its unit id, `ownerCol` (optional) the user who created it. Every repository that reads scoped data
 * goes through here, so a forgotten check in a service cannot widen what a query returns.
 */
export function scopeCondition(
  scope: Scope,
  cols: { path: AnyColumn | SQL; orgId: AnyColumn | SQL; owner?: AnyColumn | SQL },
): SQL {
  if (scope.all) return sql`true`;
  const parts: SQL[] = [];
  // One `path <@ $n::ltree` per root: the GiST index serves the single-value form, not `<@ ltree[]`
  // (measured: 10.5 ms → 2.7 ms for a district's page of units over a city-sized tree).
  for (const p of scope.subtreePaths) parts.push(sql`${cols.path} <@ ${p}::ltree`);
  if (scope.unitIds.length > 0) {
    parts.push(sql`${cols.orgId} = any(${sql.param(scope.unitIds)}::int[])`);
  }
  if (scope.ownerUserId !== null && cols.owner) {
    parts.push(sql`${cols.owner} = ${scope.ownerUserId}`);
  }
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

/**
 * The same condition as text for hand-written SQL on hot paths: appends its parameters to `params`
 * and returns the clause with `$n` placeholders. Column names are trusted identifiers from the caller.
 */
export function scopeClause(scope: Scope, cols: { path: string; orgId: string; owner?: string }, params: unknown[]): string {
  if (scope.all) return 'true';
  const parts: string[] = [];
  for (const p of scope.subtreePaths) {
    params.push(p);
    parts.push(`${cols.path} <@ $${params.length}::ltree`);
  }
  if (scope.unitIds.length > 0) {
    params.push(scope.unitIds);
    parts.push(`${cols.orgId} = any($${params.length}::int[])`);
  }
  if (scope.ownerUserId !== null && cols.owner) {
    params.push(scope.ownerUserId);
    parts.push(`${cols.owner} = $${params.length}`);
  }
  return parts.length === 0 ? 'false' : `(${parts.join(' or ')})`;
}
