import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PARTNER_SIGNATURE_HEADERS, PARTNER_SIGNATURE_MAX_SKEW_SECONDS, type ErrorCode } from '@tongxing/contracts';
import type { AppDeps } from '../deps';
import { AppError } from './app-error';
import { writeAudit } from './audit';

/**
 * The partner API's request signature: `X-Tongxing-Signature` = lowercase hex HMAC-SHA256 of
 * `<X-Tongxing-Timestamp>.<raw body>` with the secret of the key named in `X-Tongxing-Key-Id`.
 *
 * Checked in two steps so that nothing of an unsigned request is parsed: the headers, the clock skew and the
 * key at `onRequest` (the auth plugin), then the HMAC over the body's raw bytes as they arrived (the JSON
 * parser of partner routes, before JSON.parse), then replay: a (key, signature) pair is accepted once —
 * recorded in `partner_request_signatures` under a unique key, so every server process sees it — and kept
 * until its timestamp has left the window. A partner that resends a batch signs it again (a new timestamp);
 * the items themselves are idempotent on (sender, txnId).
 */
export interface PartnerIdentity {
  keyId: string;
  orgId: number;
  orgPath: string;
  orgName: string;
  /** The sender's kind of unit: 'bank' or 'merchant' may send transactions. */
  orgKind: string;
}

interface PendingPartner extends PartnerIdentity {
  timestamp: string;
  signature: string;
  secret: string;
}

const pending = new WeakMap<FastifyRequest, PendingPartner>();
/** Seen signatures are kept this long past their timestamp (twice the window: a timestamp may lead the clock). */
const KEEP_SECONDS = 2 * PARTNER_SIGNATURE_MAX_SKEW_SECONDS;
let lastSweep = 0;

export function signPartnerRequest(secret: string, timestamp: number | string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

async function refuse(deps: AppDeps, request: FastifyRequest, code: ErrorCode, keyId: string | undefined, orgId?: number): Promise<never> {
  // Refusals with a key id are audited like other denials; an unsigned request is only answered.
  if (keyId !== undefined) {
    await writeAudit(deps.db, request.ctx, {
      action: 'security.partner_signature_refused',
      outcome: 'denied',
      username: `partner:${keyId.slice(0, 64)}`,
      orgId: orgId ?? null,
      after: { code, route: request.routeOptions.url },
    });
  }
  throw new AppError(code);
}

/** Step one (onRequest): the three headers, the clock skew, an active unexpired key and its secret. */
export async function checkPartnerHeaders(deps: AppDeps, request: FastifyRequest): Promise<void> {
  const keyId = header(request, PARTNER_SIGNATURE_HEADERS.keyId);
  const timestamp = header(request, PARTNER_SIGNATURE_HEADERS.timestamp);
  const signature = header(request, PARTNER_SIGNATURE_HEADERS.signature);
  if (!keyId || !timestamp || !signature) throw new AppError('PARTNER_SIGNATURE_MISSING');
  if (keyId.length > 64 || !/^[0-9a-f]{64}$/.test(signature) || !/^\d{1,12}$/.test(timestamp)) {
    return refuse(deps, request, keyId.length > 64 ? 'PARTNER_KEY_UNKNOWN' : 'PARTNER_SIGNATURE_INVALID', keyId);
  }
  const now = deps.clock().getTime() / 1000;
  if (Math.abs(now - Number(timestamp)) > PARTNER_SIGNATURE_MAX_SKEW_SECONDS) return refuse(deps, request, 'PARTNER_SIGNATURE_STALE', keyId);
  const res = await deps.pool.query<{ secret_enc: Buffer; org_id: number; path: string; name: string; kind: string }>(
    `select k.secret_enc, k.org_id, o.path::text as path, o.name, o.kind
       from partner_api_keys k join org_units o on o.id = k.org_id
      where k.key_id = $1 and k.status = 'active' and (k.expires_at is null or k.expires_at > $2) and o.status = 'active'`,
    [keyId, deps.clock()],
  );
  const row = res.rows[0];
  if (!row) return refuse(deps, request, 'PARTNER_KEY_UNKNOWN', keyId);
  pending.set(request, {
    keyId,
    orgId: row.org_id,
    orgPath: row.path,
    orgName: row.name,
    orgKind: row.kind,
    timestamp,
    signature,
    secret: deps.crypto.decrypt(row.secret_enc),
  });
}

/**
 * Step two (once the body's bytes are in): the HMAC, compared in constant time, then the replay record.
 * Returns the sender, which the auth plugin puts on the request.
 */
export async function verifyPartnerBody(deps: AppDeps, request: FastifyRequest, raw: Buffer): Promise<PartnerIdentity> {
  const p = pending.get(request);
  if (!p) throw new AppError('PARTNER_SIGNATURE_MISSING');
  pending.delete(request);
  const expected = Buffer.from(signPartnerRequest(p.secret, p.timestamp, raw), 'hex');
  const given = Buffer.from(p.signature, 'hex');
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return refuse(deps, request, 'PARTNER_SIGNATURE_INVALID', p.keyId, p.orgId);
  const now = deps.clock();
  const seen = await deps.pool.query(
    `insert into partner_request_signatures (key_id, signature, signed_at, received_at) values ($1, $2, to_timestamp($3), $4)
     on conflict do nothing returning 1`,
    [p.keyId, p.signature, Number(p.timestamp), now],
  );
  if (seen.rowCount === 0) return refuse(deps, request, 'PARTNER_SIGNATURE_REPLAYED', p.keyId, p.orgId);
  // Sweep old records now and then (any process may; the delete is idempotent), and note the key's use.
  if (now.getTime() - lastSweep > 60_000) {
    lastSweep = now.getTime();
    await deps.pool.query('delete from partner_request_signatures where signed_at < $1', [new Date(now.getTime() - KEEP_SECONDS * 1000)]);
    await deps.pool.query('update partner_api_keys set last_used_at = $2 where key_id = $1', [p.keyId, now]);
  }
  const { keyId, orgId, orgPath, orgName, orgKind } = p;
  return { keyId, orgId, orgPath, orgName, orgKind };
}

/** The signing headers, as partner routes declare them (checked by the auth plugin and the body parser). */
export const signedHeadersSchema = z.object({
  'x-tongxing-key-id': z.string().describe('The partner API key id'),
  'x-tongxing-timestamp': z.string().describe('Unix seconds; within 300 s of the server clock'),
  'x-tongxing-signature': z.string().describe('Lowercase hex HMAC-SHA256 of `<timestamp>.<raw body>` with the key’s secret'),
});

/**
 * Partner routes read their JSON body as raw bytes, verify the signature over exactly those bytes, and only
 * then parse. Call inside the routes' own plugin: the parser replaces the JSON parser for those routes only.
 */
export function useSignedJsonBodies(app: FastifyInstance, bodyLimit: number) {
  const { deps } = app;
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, async (request: FastifyRequest, body: Buffer) => {
    request.partner = await verifyPartnerBody(deps, request, body);
    return new Promise((resolve, reject) => {
      parseJson(request, body.toString('utf8'), (err, parsed) => (err ? reject(new AppError('MALFORMED_BODY')) : resolve(parsed)));
    });
  });
}

/** For the auth plugin: a partner route whose body never reached the parser (no body) is verified as empty. */
export async function ensurePartnerVerified(deps: AppDeps, request: FastifyRequest): Promise<void> {
  if (!request.partner) request.partner = await verifyPartnerBody(deps, request, Buffer.alloc(0));
}
