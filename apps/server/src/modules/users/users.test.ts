import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, type TestApp, type TestClient } from '../../../test/harness';

let t: TestApp;
let city: TestClient;
let xinbei: TestClient;
let roleIds: Record<string, number>;
let sanjingStreet: number;
beforeAll(async () => {
  t = await createTestApp();
  city = await t.login('city');
  xinbei = await t.login('xinbei');
  roleIds = Object.fromEntries((await t.pool.query('select code, id from roles')).rows.map((r) => [r.code, r.id]));
  sanjingStreet = await t.orgIdByName('三井街道总工会');
});
afterAll(async () => t.close());

describe('accounts', () => {
  it('a district cadre creates a street cadre in its district, who must change the password first', async () => {
    const res = await xinbei.post('/api/v1/users', {
      username: 'hehai.li',
      displayName: '李河海',
      orgId: sanjingStreet,
      password: 'Start#2026pw',
      phone: '13912345678',
      roleIds: [roleIds.street_cadre],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ username: 'hehai.li', phoneMasked: '139****5678', status: 'active', roles: [expect.objectContaining({ code: 'street_cadre' })] });
    expect(JSON.stringify(res.body)).not.toContain('13912345678');
    const stored = (await t.pool.query(`select phone_enc, phone_hash from users where username = 'hehai.li'`)).rows[0];
    expect(stored.phone_enc.includes(Buffer.from('13912345678'))).toBe(false);
    const audit = (await t.pool.query(`select after from audit_log where action = 'user.create' and entity_id = $1`, [String(res.body.id)])).rows[0];
    expect(JSON.stringify(audit)).not.toContain('13912345678');
    expect(JSON.stringify(audit)).not.toContain('Start#2026pw');

    const c = await t.login('hehai.li', 'Start#2026pw');
    const me = await c.get('/api/v1/me');
    expect(me.body.passwordChangeRequired).toBe(true);
    expect((await c.get('/api/v1/orgs')).body.code).toBe('PASSWORD_CHANGE_REQUIRED');
    expect((await c.put('/api/v1/me/password', { currentPassword: 'Start#2026pw', newPassword: 'Own#Choice2026' })).status).toBe(200);
    expect((await c.get('/api/v1/orgs')).status).toBe(200);
  });

  it('refuses taken usernames (any case), weak passwords and bad phones', async () => {
    const taken = await city.post('/api/v1/users', { username: 'City', displayName: 'x', orgId: sanjingStreet, password: 'Good#Pass2026', roleIds: [] });
    expect(taken.body.code).toBe('USERNAME_TAKEN');
    const weak = await city.post('/api/v1/users', { username: 'weak.one', displayName: 'x', orgId: sanjingStreet, password: 'weak.one', roleIds: [] });
    expect(weak.body.code).toBe('PASSWORD_POLICY');
    expect(weak.body.errors.map((e: { path: string }) => e.path)).toContain('password');
    const badPhone = await city.post('/api/v1/users', { username: 'phone.bad', displayName: 'x', orgId: sanjingStreet, password: 'Good#Pass2026', phone: '12345', roleIds: [] });
    expect(badPhone.body.errors).toEqual([expect.objectContaining({ path: 'phone', code: 'phone.invalid' })]);
    const badName = await city.post('/api/v1/users', { username: '1bad name', displayName: 'x', orgId: sanjingStreet, password: 'Good#Pass2026', roleIds: [] });
    expect(badName.body.errors[0].path).toBe('username');
  });

  it('cannot grant more than one holds', async () => {
    const base = { displayName: 'x', orgId: sanjingStreet, password: 'Good#Pass2026' };
    const cityRole = await xinbei.post('/api/v1/users', { ...base, username: 'esc.1', roleIds: [roleIds.city_cadre] });
    expect(cityRole.status).toBe(403);
    expect(cityRole.body.code).toBe('ROLE_GRANT_FORBIDDEN');
    const auditRole = await xinbei.post('/api/v1/users', { ...base, username: 'esc.2', roleIds: [roleIds.audit_admin] });
    expect(auditRole.body.code).toBe('ROLE_GRANT_FORBIDDEN');
    expect((await xinbei.post('/api/v1/users', { ...base, username: 'esc.3', roleIds: [999999] })).status).toBe(404);
    // The grassroots cadre role only has permissions the district cadre holds: allowed.
    expect((await xinbei.post('/api/v1/users', { ...base, username: 'ok.1', roleIds: [roleIds.grassroots_cadre] })).status).toBe(201);
    // Nobody changes their own roles, status or unit.
    const self = (await xinbei.get('/api/v1/me')).body.id;
    expect((await xinbei.patch(`/api/v1/users/${self}`, { roleIds: [roleIds.district_cadre, roleIds.grassroots_cadre] })).body.code).toBe('USER_SELF_FORBIDDEN');
  });

  it('keeps audit access apart from every write or grant permission (三员分立)', async () => {
    const { client: sec } = await t.loginFull('secadmin');
    const auditor = await t.userIdByName('auditor');
    const res = await sec.put(`/api/v1/users/${auditor}/roles`, { roleIds: [roleIds.audit_admin, roleIds.system_admin] });
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('ROLE_DUTY_CONFLICT');
    // The system administrator has no role-granting power at all.
    const { client: sys } = await t.loginFull('admin');
    const u = await sys.post('/api/v1/users', { username: 'made.by.admin', displayName: 'x', orgId: sanjingStreet, password: 'Good#Pass2026', roleIds: [roleIds.street_cadre] });
    expect(u.status).toBe(403);
    expect((await sys.get('/api/v1/audit')).status).toBe(403);
    const plain = await sys.post('/api/v1/users', { username: 'made.by.admin', displayName: 'x', orgId: sanjingStreet, password: 'Good#Pass2026', roleIds: [] });
    expect(plain.status).toBe(201);
    // … and the security administrator grants it.
    expect((await sec.put(`/api/v1/users/${plain.body.id}/roles`, { roleIds: [roleIds.street_cadre] })).status).toBe(200);
    expect((await sec.patch(`/api/v1/users/${plain.body.id}`, { displayName: 'y' })).status).toBe(403);
  });

  it('changing an account’s roles or unit ends its sessions', async () => {
    const created = await city.post('/api/v1/users', { username: 'moving.user', displayName: '调动', orgId: sanjingStreet, password: 'Move#Me2026', roleIds: [roleIds.street_cadre], mustChangePassword: false });
    const c = await t.login('moving.user', 'Move#Me2026');
    const tianning = await t.orgIdByName('天宁区总工会');
    expect((await city.patch(`/api/v1/users/${created.body.id}`, { orgId: tianning })).body.orgId).toBe(tianning);
    expect((await c.get('/api/v1/me')).status).toBe(401);
  });

  it('resets a password (ending sessions and the lockout) and unlocks', async () => {
    const id = await t.userIdByName('sanjing');
    const c = await t.login('sanjing');
    for (let i = 0; i < 5; i++) await t.client().post('/api/v1/auth/login', { username: 'sanjing', password: 'bad' });
    expect((await t.client().post('/api/v1/auth/login', { username: 'sanjing', password: DEMO_PASSWORD })).body.code).toBe('ACCOUNT_LOCKED');
    const listed = await xinbei.get(`/api/v1/users?q=sanjing`);
    expect(listed.body.items[0].locked).toBe(true);
    expect((await xinbei.post(`/api/v1/users/${id}/unlock`)).status).toBe(200);
    expect((await t.client().post('/api/v1/auth/login', { username: 'sanjing', password: DEMO_PASSWORD })).status).toBe(200);
    expect((await xinbei.post(`/api/v1/users/${id}/reset-password`, { newPassword: 'Reset#2026pw', mustChangePassword: false })).status).toBe(200);
    expect((await c.get('/api/v1/me')).status).toBe(401);
    const back = await t.login('sanjing', 'Reset#2026pw');
    await back.put('/api/v1/me/password', { currentPassword: 'Reset#2026pw', newPassword: DEMO_PASSWORD });
  });

  it('filters the list by unit subtree, role and status', async () => {
    const xinbeiId = await t.orgIdByName('新北区总工会');
    const inXinbei = await city.get(`/api/v1/users?orgId=${xinbeiId}&pageSize=100`);
    expect(inXinbei.body.items.map((u: { username: string }) => u.username)).toEqual(expect.arrayContaining(['xinbei', 'sanjing']));
    expect(inXinbei.body.items.map((u: { username: string }) => u.username)).not.toContain('wujin');
    const cadres = await city.get(`/api/v1/users?roleId=${roleIds.district_cadre}`);
    expect(cadres.body.items.map((u: { username: string }) => u.username).sort()).toEqual(['wujin', 'xinbei']);
  });
});

describe('roles', () => {
  it('the security administrator creates, edits and deletes a custom role; built-ins are read-only', async () => {
    const { client: sec } = await t.loginFull('secadmin');
    const tianning = await t.orgIdByName('天宁区总工会');
    const created = await sec.post('/api/v1/roles', {
      code: 'inspector',
      name: '督查员',
      grants: [
        { permission: 'org:read', scope: 'units', unitIds: [tianning] },
        { permission: 'user:read', scope: 'subtree' },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body.grants).toEqual([
      { permission: 'org:read', scope: 'units', unitIds: [tianning] },
      { permission: 'user:read', scope: 'subtree', unitIds: [] },
    ]);
    expect((await sec.post('/api/v1/roles', { code: 'inspector', name: 'x', grants: [] })).body.code).toBe('ROLE_CODE_TAKEN');
    expect((await sec.post('/api/v1/roles', { code: 'bad_units', name: 'x', grants: [{ permission: 'org:read', scope: 'units', unitIds: [] }] })).status).toBe(400);
    expect((await sec.post('/api/v1/roles', { code: 'bad_perm', name: 'x', grants: [{ permission: 'org:fly', scope: 'all' }] })).status).toBe(400);
    expect((await sec.post('/api/v1/roles', { code: 'mixed', name: 'x', grants: [{ permission: 'audit:read', scope: 'all' }, { permission: 'org:write', scope: 'all' }] })).body.code).toBe('ROLE_DUTY_CONFLICT');

    // The chosen-units scope works: the holder sees 天宁区 and nothing else.
    const made = await sec.post('/api/v1/users', { username: 'inspector.1', displayName: '督查', orgId: sanjingStreet, password: 'Insp#2026pw', roleIds: [] });
    expect(made.status).toBe(403); // secadmin has no user:write
    const u = await city.post('/api/v1/users', { username: 'inspector.1', displayName: '督查', orgId: sanjingStreet, password: 'Insp#2026pw', roleIds: [], mustChangePassword: false });
    expect((await sec.put(`/api/v1/users/${u.body.id}/roles`, { roleIds: [created.body.id] })).status).toBe(200);
    const insp = await t.login('inspector.1', 'Insp#2026pw');
    const seen = await insp.get('/api/v1/orgs?roots=true');
    expect(seen.body.items.map((o: { name: string }) => o.name)).toEqual(['天宁区总工会']);
    expect((await insp.get(`/api/v1/orgs/${sanjingStreet}`)).status).toBe(404);

    expect((await sec.delete(`/api/v1/roles/${created.body.id}`)).body.code).toBe('ROLE_IN_USE');
    const edited = await sec.patch(`/api/v1/roles/${created.body.id}`, { name: '督查专员', grants: [{ permission: 'org:read', scope: 'all' }] });
    expect(edited.body.name).toBe('督查专员');
    expect((await insp.get(`/api/v1/orgs/${sanjingStreet}`)).status).toBe(200);
    await sec.put(`/api/v1/users/${u.body.id}/roles`, { roleIds: [] });
    expect((await sec.delete(`/api/v1/roles/${created.body.id}`)).status).toBe(200);

    expect((await sec.patch(`/api/v1/roles/${roleIds.city_cadre}`, { name: 'x' })).body.code).toBe('ROLE_BUILTIN_READONLY');
    expect((await sec.delete(`/api/v1/roles/${roleIds.city_cadre}`)).body.code).toBe('ROLE_BUILTIN_READONLY');
  });

  it('lists roles and the permission catalogue; cadres cannot write roles', async () => {
    const list = await city.get('/api/v1/roles');
    expect(list.body.items.map((r: { code: string }) => r.code)).toEqual(expect.arrayContaining(['system_admin', 'security_admin', 'audit_admin', 'city_cadre', 'district_cadre', 'street_cadre', 'grassroots_cadre', 'bank_officer', 'insurer_officer', 'guarantor_officer', 'merchant_operator']));
    const catalogue = await city.get('/api/v1/permissions');
    expect(catalogue.body.permissions.map((p: { permission: string }) => p.permission)).toContain('audit:read');
    expect((await city.post('/api/v1/roles', { code: 'x1', name: 'x', grants: [] })).status).toBe(403);
  });
});
