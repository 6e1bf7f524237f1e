/**
 * Data scope. A grant is one permission with one scope; an actor may hold the same permission through
 * several roles, and then the scopes add up. Nothing else adds up: the scope used for a request is the
 * one attached to the permission the route requires.
 */
export type ScopeKind = 'all' | 'subtree' | 'unit' | 'units' | 'own';

export interface Grant {
  permission: string;
  scope: ScopeKind;
  /** For `units`: the chosen units (each with its subtree), as their tree paths. */
  unitPaths: string[];
}

export interface ActorAnchor {
  userId: number;
  orgId: number;
  orgPath: string;
}

/** A resolved scope: which rows of the organisation tree (and which owned records) a request may touch. */
export interface Scope {
  all: boolean;
  /** Tree paths whose whole subtree is in scope. */
  subtreePaths: string[];
  /** Units in scope by themselves (not their children). */
  unitIds: number[];
  /** Records created by this user are in scope. */
  ownerUserId: number | null;
}

export const emptyScope: Scope = { all: false, subtreePaths: [], unitIds: [], ownerUserId: null };

export function resolveScope(grants: Grant[], permission: string, anchor: ActorAnchor): Scope | null {
  const matching = grants.filter((g) => g.permission === permission);
  if (matching.length === 0) return null;
  const scope: Scope = { all: false, subtreePaths: [], unitIds: [], ownerUserId: null };
  for (const g of matching) {
    switch (g.scope) {
      case 'all':
        scope.all = true;
        break;
      case 'subtree':
        scope.subtreePaths.push(anchor.orgPath);
        break;
      case 'unit':
        scope.unitIds.push(anchor.orgId);
        break;
      case 'units':
        scope.subtreePaths.push(...g.unitPaths);
        break;
      case 'own':
        scope.ownerUserId = anchor.userId;
        break;
    }
  }
  scope.subtreePaths = minimalPaths(scope.subtreePaths);
  scope.unitIds = [...new Set(scope.unitIds)];
  return scope;
}

export function isUnderPath(path: string, root: string): boolean {
  return path === root || path.startsWith(root + '.');
}

/** Drops paths already covered by an ancestor path, so queries test as few prefixes as possible. */
export function minimalPaths(paths: string[]): string[] {
  const sorted = [...new Set(paths)].sort((a, b) => a.split('.').length - b.split('.').length);
  const kept: string[] = [];
  for (const p of sorted) if (!kept.some((k) => isUnderPath(p, k))) kept.push(p);
  return kept;
}

export interface ScopedTarget {
  orgId: number;
  orgPath: string;
  createdBy?: number | null;
}

export function scopeCovers(scope: Scope, target: ScopedTarget): boolean {
  if (scope.all) return true;
  if (scope.unitIds.includes(target.orgId)) return true;
  if (scope.subtreePaths.some((p) => isUnderPath(target.orgPath, p))) return true;
  return scope.ownerUserId !== null && target.createdBy === scope.ownerUserId;
}

/**
 * May an actor grant this (permission, scope) to an account in their care? The reach is bounded by the
 * actor's own `user:grant` scope: an all-units grant needs an all-units `user:grant`, chosen units must
 * lie inside it (relative scopes anchor at the target's unit, which the caller has checked is inside it).
 * And one grants only permissions one holds, except the security administrator (all-units `user:grant`
 * together with `role:write`), whose duty is exactly to hand out what others do.
 */
export function canGrant(actorGrants: Grant[], wanted: Grant, grantScope: Scope): boolean {
  if (wanted.scope === 'all' && !grantScope.all) return false;
  if (wanted.scope === 'units' && !grantScope.all) {
    const inside = wanted.unitPaths.every((p) => grantScope.subtreePaths.some((root) => isUnderPath(p, root)));
    if (!inside) return false;
  }
  const authority = grantScope.all && actorGrants.some((g) => g.permission === 'role:write');
  return authority || actorGrants.some((g) => g.permission === wanted.permission);
}

/**
 * 三员分立: the audit administrator only reads the audit log; audit access is never combined with a
 * permission that changes data or grants rights, so nobody can both act and erase the trace of it.
 */
export function violatesDutySeparation(permissions: Iterable<string>): boolean {
  const list = [...permissions];
  if (!list.includes('audit:read')) return false;
  return list.some((p) => !p.endsWith(':read'));
}
