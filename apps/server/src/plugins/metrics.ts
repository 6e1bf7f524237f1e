import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { PUBLIC } from '@tongxing/contracts';
import { AppError } from '../lib/app-error';
import { safeEqual } from '../lib/crypto';

/** Prometheus metrics: process defaults plus request counts and latency by route template. */
export const metricsPlugin = fp(async (app: FastifyInstance) => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  // Modules add their own counters to the same registry (e.g. partner transactions by status).
  app.decorate('metricsRegistry', registry);
  const duration = new Histogram({
    name: 'tongxing_http_request_duration_seconds',
    help: 'HTTP request duration by route template',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'tongxing_http_server_errors_total',
    help: 'Responses with a 5xx status',
    labelNames: ['route'],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) errors.inc({ route });
  });
  const token = app.deps.config.METRICS_TOKEN;
  app.get('/metrics', { config: { access: PUBLIC }, schema: { hide: true } }, async (request, reply) => {
    if (token) {
      const auth = request.headers.authorization ?? '';
      if (!safeEqual(auth, `Bearer ${token}`)) throw new AppError('UNAUTHENTICATED');
    }
    reply.type(registry.contentType);
    return registry.metrics();
  });
});

declare module 'fastify' {
  interface FastifyInstance {
    metricsRegistry: Registry;
  }
}
