import { describe, expect, it } from 'vitest';
import { canGrant, minimalPaths, resolveScope, scopeCovers, violatesDutySeparation, type Grant, type Scope } from './scope';

const anchor = { userId: 9, orgId: 42, orgPath: '1.42' };
const g = (permission: string, scope: Grant['scope'], unitPaths: string[] = []): Grant => ({ permission, scope, unitPaths });

describe('resolveScope', () => {
  it('uses only the grants of the requested permission', () => {
    const grants = [g('org:read', 'all'), g('user:read', 'unit')];
    expect(resolveScope(grants, 'user:read', anchor)).toEqual({ all: false, subtreePaths: [], unitIds: [42], ownerUserId: null });
    expect(resolveScope(grants, 'audit:read', anchor)).toBeNull();
  });

  it('adds up the same permission held through several roles', () => {
    const grants = [g('org:read', 'subtree'), g('org:read', 'units', ['1.7', '1.42.50']), g('org:read', 'own')];
    const s = resolveScope(grants, 'org:read', anchor)!;
    expect(s.subtreePaths.sort()).toEqual(['1.42', '1.7']);
    expect(s.ownerUserId).toBe(9);
  });
});

describe('scopeCovers', () => {
  const s: Scope = { all: false, subtreePaths: ['1.42'], unitIds: [7], ownerUserId: 9 };
  it.each([
    [{ orgId: 42, orgPath: '1.42' }, true],
    [{ orgId: 43, orgPath: '1.42.43' }, true],
    [{ orgId: 420, orgPath: '1.420' }, false],
    [{ orgId: 7, orgPath: '1.7' }, true],
    [{ orgId: 8, orgPath: '1.7.8' }, false],
    [{ orgId: 99, orgPath: '1.99', createdBy: 9 }, true],
    [{ orgId: 99, orgPath: '1.99', createdBy: 10 }, false],
  ])('%o → %s', (target, expected) => expect(scopeCovers(s, target)).toBe(expected));
});

describe('minimalPaths', () => {
  it('drops paths inside another', () => expect(minimalPaths(['1.2.3', '1.2', '1.20', '1.2'])).toEqual(['1.2', '1.20']));
});

describe('canGrant', () => {
  const district = { all: false, subtreePaths: ['1.42'], unitIds: [], ownerUserId: null };
  const everything = { all: true, subtreePaths: [], unitIds: [], ownerUserId: null };
  const cadre = [g('org:read', 'subtree'), g('user:grant', 'subtree')];
  it('grants what one holds, anchored in the own subtree', () => expect(canGrant(cadre, g('org:read', 'subtree'), district)).toBe(true));
  it('never an all-units scope from a subtree grant scope', () => expect(canGrant(cadre, g('org:read', 'all'), district)).toBe(false));
  it('never a permission one does not hold', () => expect(canGrant(cadre, g('audit:read', 'unit'), district)).toBe(false));
  it('chosen units only inside the grant scope', () => {
    expect(canGrant(cadre, g('org:read', 'units', ['1.42.50']), district)).toBe(true);
    expect(canGrant(cadre, g('org:read', 'units', ['1.7']), district)).toBe(false);
  });
  it('the security administrator hands out any permission', () => {
    const sec = [g('user:grant', 'all'), g('role:write', 'all')];
    expect(canGrant(sec, g('audit:read', 'all'), everything)).toBe(true);
    expect(canGrant([g('user:grant', 'all')], g('audit:read', 'all'), everything)).toBe(false);
  });
});

describe('separation of duties', () => {
  it('audit access goes with reads only', () => {
    expect(violatesDutySeparation(['audit:read'])).toBe(false);
    expect(violatesDutySeparation(['audit:read', 'org:read'])).toBe(false);
    expect(violatesDutySeparation(['audit:read', 'org:write'])).toBe(true);
    expect(violatesDutySeparation(['audit:read', 'user:grant'])).toBe(true);
    expect(violatesDutySeparation(['org:write', 'user:grant', 'role:write'])).toBe(false);
  });
});
