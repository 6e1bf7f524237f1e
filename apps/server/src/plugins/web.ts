import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import fastifyStatic from '@fastify/static';
import { PUBLIC } from '@tongxing/contracts';
import { sendProblem } from './errors';

export const webDist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/** Serves the built web app; unknown non-API paths get index.html so client routes survive a reload. */
export const webPlugin = fp(async (app: FastifyInstance) => {
  const hasWeb = existsSync(path.join(webDist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      wildcard: true,
      index: false,
      maxAge: '1h',
      setHeaders(res, filePath) {
        // Hashed asset names change with their content, so they may be cached for good.
        if (filePath.includes(`${path.sep}assets${path.sep}`)) res.header('cache-control', 'public, max-age=31536000, immutable');
      },
    });
  }
  if (hasWeb) {
    // `/` itself is the app's entry; the wildcard static route would try to serve the folder.
    app.get('/', { config: { access: PUBLIC }, schema: { hide: true } }, async (_request, reply) => {
      reply.header('cache-control', 'no-cache');
      return reply.sendFile('index.html');
    });
  }
  app.setNotFoundHandler(async (request, reply) => {
    const url = request.url.split('?')[0] ?? '';
    if (url.startsWith('/api/') || url === '/api' || request.method !== 'GET' || !hasWeb) {
      return sendProblem(request, reply, 'ROUTE_NOT_FOUND');
    }
    reply.header('cache-control', 'no-cache');
    return reply.sendFile('index.html');
  });
});
