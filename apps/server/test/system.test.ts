import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PARTNER, PUBLIC, permissions } from '@tongxing/contracts';
import { createTestApp, type TestApp } from './harness';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ METRICS_TOKEN: 'metrics-token-for-tests' });
});
afterAll(async () => t.close());

/** The short list of routes anyone may call. Anything else must name a permission or need a session. */
const publicRoutes = new Set([
  'POST /api/v1/auth/login',
  'GET /healthz',
  'GET /readyz',
  'GET /metrics',
  'GET /api/openapi.json',
  'GET /api/v1/system/info',
  // 网上入会 and the member portal's sign-in: rate-limited, and answer alike for any phone number.
  'POST /api/v1/portal/otp',
  // The portal's loan calculator: pure arithmetic over the request, nothing read or written.
  'POST /api/v1/loan-schedules/preview',
  'GET /api/v1/portal/units',
  'POST /api/v1/portal/auth/login',
  'POST /api/v1/portal/auth/set-password',
  'POST /api/v1/join-applications',
  'GET /api/v1/join-applications/status',
  // 特约商户: the online application (rate-limited like joining), its status by reference and phone, the units
  // a merchant can belong to, and the directory of active merchants (public facts only).
  'POST /api/v1/merchant-applications',
  'GET /api/v1/merchant-applications/status',
  'GET /api/v1/merchant-applications/units',
  'GET /api/v1/merchant-directory',
  'GET /api/v1/merchant-directory/:id',
  'GET /api/v1/merchant-directory/:id/photos/:n',
  'GET /',
]);

describe('route-permission census', () => {
  it('every route declares its access; only the public list and the docs are open', () => {
    const census = t.app.routeCensus.filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS');
    expect(census.length).toBeGreaterThan(25);
    const missing = census.filter((r) => !r.access);
    expect(missing, 'routes without a declared permission').toEqual([]);
    const open = census.filter((r) => r.access === PUBLIC).map((r) => `${r.method} ${r.url}`);
    const unexpected = open.filter((k) => !publicRoutes.has(k) && !k.includes(' /api/docs') && k !== 'GET /*');
    expect(unexpected, 'public routes outside the allowed list').toEqual([]);
    for (const r of census) {
      if (r.access !== PUBLIC && r.access !== 'authenticated' && r.access !== 'member' && r.access !== PARTNER) expect(permissions, `${r.method} ${r.url}`).toContain(r.access);
    }
  });

  it('deny by default: a route registered without access is refused at run time', async () => {
    const { buildApp } = await import('../src/app');
    const app = await buildApp(t.deps, { logger: false, extraRoutes: (a) => a.get('/api/v1/forgotten', async () => ({ secret: 1 })) });
    try {
      const c = await t.login('city');
      const res = await app.inject({ method: 'GET', url: '/api/v1/forgotten', headers: { cookie: `tx_session=${c.cookie}` } });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
      expect(app.routeCensus.find((r) => r.url === '/api/v1/forgotten')?.access).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('every protected route refuses anonymous callers with 401 before looking at the body', async () => {
    const census = t.app.routeCensus.filter((r) => r.url.startsWith('/api/v1/') && r.access !== PUBLIC && r.method !== 'HEAD');
    for (const r of census) {
      const res = await t.client().request(r.method, r.url.replace(':id', '1'), r.method === 'GET' ? undefined : { junk: true });
      expect(res.status, `${r.method} ${r.url}`).toBe(401);
      // Partner routes take no session: an unsigned request is refused as such.
      expect(res.body.code).toBe(r.access === PARTNER ? 'PARTNER_SIGNATURE_MISSING' : 'UNAUTHENTICATED');
    }
  });
});

describe('operations endpoints', () => {
  it('system info names the federation; demo accounts only in demo mode', async () => {
    const info = (await t.client().get('/api/v1/system/info')).body;
    expect(info.federation).toEqual({ name: '常州市总工会', shortName: '市总工会' });
    expect(info.demo).toBeNull();
    const demo = await createTestApp({ DEMO: '1' });
    try {
      const d = (await demo.client().get('/api/v1/system/info')).body;
      expect(d.demo.accounts.map((a: { username: string }) => a.username)).toContain('city');
    } finally {
      await demo.close();
    }
  });

  it('health and readiness', async () => {
    expect((await t.client().get('/healthz')).body).toEqual({ status: 'ok' });
    expect((await t.client().get('/readyz')).body).toEqual({ status: 'ready', database: 'ok' });
  });

  it('metrics in Prometheus format behind the configured token', async () => {
    await t.client().get('/healthz');
    expect((await t.client().get('/metrics')).status).toBe(401);
    const res = await t.client().get('/metrics', { authorization: 'Bearer metrics-token-for-tests' });
    expect(res.status).toBe(200);
    expect(String(res.body)).toContain('tongxing_http_request_duration_seconds_bucket');
    expect(String(res.body)).toContain('process_cpu_user_seconds_total');
  });

  it('OpenAPI JSON from the zod schemas, and the docs page', async () => {
    const spec = (await t.client().get('/api/openapi.json')).body;
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/api/v1/auth/login', '/api/v1/orgs', '/api/v1/orgs/{id}', '/api/v1/users', '/api/v1/audit']));
    const post = spec.paths['/api/v1/orgs'].post;
    expect(post.requestBody.content['application/json'].schema.properties.kind.enum).toContain('grassroots_union');
    expect(post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
    const docs = await t.app.inject({ method: 'GET', url: '/api/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
  });
});

describe('errors are problem+json', () => {
  it('for unknown API routes', async () => {
    const res = await t.client().get('/api/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'ROUTE_NOT_FOUND', status: 404, title: '接口不存在' });
  });

  it('for malformed JSON, wrong content type and oversize bodies', async () => {
    const c = await t.login('city');
    const headers = { cookie: `tx_session=${c.cookie}`, 'x-csrf-token': c.csrf!, 'content-type': 'application/json' };
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers, payload: '{"name": ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('MALFORMED_BODY');
    const form = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers: { ...headers, 'content-type': 'text/plain' }, payload: 'name=x' });
    expect(form.statusCode).toBe(415);
    expect(form.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const big = await t.app.inject({ method: 'POST', url: '/api/v1/orgs', headers, payload: JSON.stringify({ name: 'x'.repeat(2_000_000) }) });
    expect(big.statusCode).toBe(413);
    expect(big.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('for bad ids and query values, with the field named', async () => {
    const c = await t.login('city');
    expect((await c.get('/api/v1/orgs/abc')).body.errors[0].path).toBe('params.id');
    expect((await c.get('/api/v1/orgs/99999999999')).status).toBe(400);
    expect((await c.get('/api/v1/orgs?pageSize=100000')).body.errors[0].path).toBe('querystring.pageSize');
    expect((await c.get('/api/v1/orgs?bogus=1')).body.errors[0].path).toBe('querystring.bogus');
  });

  it('5xx bodies carry only the request id', async () => {
    const { buildApp } = await import('../src/app');
    const app = await buildApp(t.deps, {
      logger: false,
      extraRoutes: (a) =>
        a.get('/api/v1/explode', { config: { access: PUBLIC } }, async () => {
          throw new Error('connection to 10.0.0.5 refused: password authentication failed for user "tongxing"');
        }),
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/api/v1/explode' });
      expect(res.statusCode).toBe(500);
      const body = res.json();
      expect(body.code).toBe('INTERNAL_ERROR');
      expect(body.requestId).toBe(res.headers['x-request-id']);
      expect(res.body).not.toContain('10.0.0.5');
      expect(res.body).not.toContain('password');
      expect(res.body).not.toContain('stack');
    } finally {
      await app.close();
    }
  });

  it('serves the SPA for unknown non-API paths, when the web app is built', async () => {
    const res = await t.client().get('/orgs/tree');
    expect([200, 404]).toContain(res.status);
    if (res.status === 200) expect(String(res.body)).toContain('<div id="root">');
  });
});
