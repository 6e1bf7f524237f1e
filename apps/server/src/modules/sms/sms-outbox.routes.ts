import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { smsOutboxListSchema, smsOutboxQuerySchema } from '@tongxing/contracts';
import { actorCtx } from '../auth/auth.routes';
import { readOutbox } from './sms-outbox.service';

export const smsOutboxRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/sms-outbox',
    {
      config: { access: 'sms:read' },
      schema: {
        tags: ['sms'],
        summary: 'Demo mode only: the messages the development SMS provider kept (texts in clear, phones masked; audited)',
        querystring: smsOutboxQuerySchema,
        response: { 200: smsOutboxListSchema },
      },
    },
    async (request) => readOutbox(app.deps, actorCtx(request), request.query),
  );
};
