import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { auditListQuerySchema, auditListSchema, auditVerifySchema, type AuditEntry } from '@tongxing/contracts';
import { writeAudit } from '../../lib/audit';
import { actorCtx } from '../auth/auth.routes';
import * as repo from './audit.repository';

export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['audit'];
  app.get(
    '/audit',
    { config: { access: 'audit:read' }, schema: { tags, summary: 'The audit log, newest first', querystring: auditListQuerySchema, response: { 200: auditListSchema } } },
    async (request) => {
      const { rows, total } = await repo.listAudit(deps.db, request.query);
      // Reading the trail is itself on the trail: who looked at what, and with which filters.
      const { page, pageSize, ...filters } = request.query;
      await writeAudit(deps.db, actorCtx(request), { action: 'audit.query', after: { ...filters, page, pageSize, returned: rows.length } });
      const items: AuditEntry[] = rows.map((r) => ({
        id: r.id,
        occurredAt: r.occurredAt.toISOString(),
        actorUserId: r.actorUserId,
        actorUsername: r.actorUsername,
        actorOrgId: r.actorOrgId,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        outcome: r.outcome as AuditEntry['outcome'],
        before: r.before,
        after: r.after,
        ip: r.ip,
        requestId: r.requestId,
        hash: r.hash,
      }));
      return { items, total };
    },
  );
  app.post(
    '/audit/verify',
    { config: { access: 'audit:read' }, schema: { tags, summary: 'Verify the hash chain; reports the first broken link', response: { 200: auditVerifySchema } } },
    async (request) => {
      const result = await repo.verifyChain(deps.pool);
      await writeAudit(deps.db, actorCtx(request), { action: 'audit.verify', after: result });
      return result;
    },
  );
};
