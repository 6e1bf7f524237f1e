import type { Socket } from 'node:net';
import Fastify, { LogController, type FastifyInstance, type FastifyServerOptions } from 'fastify';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { PUBLIC, type RouteAccess } from '@tongxing/contracts';
import type { AppDeps } from './deps';
import { authPlugin } from './plugins/auth';
import { errorsPlugin } from './plugins/errors';
import { metricsPlugin } from './plugins/metrics';
import { openapiPlugin } from './plugins/openapi';
import { webPlugin } from './plugins/web';
import { loggerOptions } from './logger';
import { systemRoutes } from './modules/system/system.routes';
import { authRoutes } from './modules/auth/auth.routes';
import { orgRoutes } from './modules/orgs/orgs.routes';
import { userRoutes } from './modules/users/users.routes';
import { roleRoutes } from './modules/roles/roles.routes';
import { auditRoutes } from './modules/audit/audit.routes';
import { memberRoutes } from './modules/members/members.routes';
import { memberImportRoutes } from './modules/member-imports/member-imports.routes';
import { memberExportRoutes } from './modules/member-exports/member-exports.routes';
import { portalRoutes } from './modules/portal/portal.routes';
import { joinApplicationRoutes } from './modules/join-applications/join-applications.routes';
import { smsOutboxRoutes } from './modules/sms/sms-outbox.routes';
import { transferRoutes } from './modules/member-transfers/transfers.routes';
import { loanProgrammeRoutes } from './modules/loan-programmes/programmes.routes';
import { loanRoutes } from './modules/loans/loans.routes';
import { loanAttachmentRoutes } from './modules/loans/loan-attachments.routes';
import { portalLoanRoutes } from './modules/loans/portal-loans.routes';
import { loanVisitRoutes } from './modules/loan-visits/loan-visits.routes';
import { loanDashboardRoutes } from './modules/loan-dashboard/loan-dashboard.routes';
import { loanExportRoutes } from './modules/loan-exports/loan-exports.routes';
import { loanRepaymentRoutes } from './modules/loan-repayments/repayments.routes';
import { subsidyBatchRoutes } from './modules/loan-subsidies/subsidy-batches.routes';
import { ledgerRoutes } from './modules/ledger/ledger.routes';
import { loanDefaultRoutes } from './modules/loan-defaults/defaults.routes';
import { merchantRoutes } from './modules/merchants/merchants.routes';
import { merchantPublicRoutes } from './modules/merchants/merchant-public.routes';
import { merchantQuotaRoutes } from './modules/merchants/merchant-quotas.routes';
import { merchantSettlementRoutes } from './modules/merchant-settlements/settlements.routes';
import { partnerKeyRoutes } from './modules/partner-keys/partner-keys.routes';
import { cardProgrammeRoutes } from './modules/card-programmes/card-programmes.routes';
import { cardRoutes } from './modules/cards/cards.routes';
import { cardImportRoutes } from './modules/cards/card-imports.routes';
import { cardStatusReportRoutes } from './modules/cards/card-status-reports.routes';
import { portalCardRoutes } from './modules/cards/portal-cards.routes';
import { cardTransactionRoutes } from './modules/card-transactions/card-transactions.routes';
import { cardStatsRoutes } from './modules/card-stats/card-stats.routes';

export interface RouteCensusEntry {
  method: string;
  url: string;
  access: RouteAccess | undefined;
}

/**
 * Requests Node's HTTP parser rejects (raw non-ASCII in the URL, broken headers) never reach a route;
 * they still get problem+json rather than a bare 400.
 */
function answerMalformedRequest(err: NodeJS.ErrnoException, socket: Socket) {
  if (!socket.writable) return;
  const body = JSON.stringify({
    type: 'https://tongxing.dev/problems/malformed-request',
    title: '请求格式错误 / Malformed request',
    status: 400,
    code: 'MALFORMED_REQUEST',
    requestId: crypto.randomUUID(),
  });
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/problem+json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Routes registered by plugins for static content and the docs page: public by nature. */
function isContentRoute(url: string) {
  return url === '/*' || url === '/' || url.startsWith('/api/docs');
}

export interface BuildOptions {
  logger?: FastifyServerOptions['logger'];
  /** Tests only: extra routes registered like any module's (to prove deny-by-default and 5xx handling). */
  extraRoutes?: (app: FastifyInstance) => void;
}

export async function buildApp(deps: AppDeps, opts: BuildOptions = {}) {
  const census: RouteCensusEntry[] = [];
  const app = Fastify({
    logger: opts.logger ?? loggerOptions(deps.config),
    trustProxy: deps.config.TRUST_PROXY,
    genReqId: () => crypto.randomUUID(),
    requestIdHeader: false,
    bodyLimit: 1024 * 1024,
    // One access line per request (below) instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { ignoreTrailingSlash: true },
    clientErrorHandler: answerMalformedRequest,
  }).withTypeProvider<ZodTypeProvider>();

  // The API speaks JSON only (uploads register their own parser); anything else is 415, not a stray string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.decorate('deps', deps);
  app.decorate('routeCensus', census);

  app.addHook('onRoute', (route) => {
    if (!route.config?.access && isContentRoute(route.url)) {
      route.config = { ...(route.config ?? {}), access: PUBLIC };
    }
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) census.push({ method, url: route.url, access: route.config?.access });
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const level = reply.statusCode >= 500 ? 'error' : 'info';
    request.log[level](
      { req: request, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 10) / 10, user: request.actor?.userId },
      'request',
    );
  });

  await app.register(errorsPlugin);
  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    hsts: false,
    crossOriginEmbedderPolicy: false,
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: true,
    max: deps.config.API_RATE_LIMIT,
    timeWindow: '1 minute',
    allowList: (request) => !request.url.startsWith('/api/'),
  });
  await app.register(metricsPlugin);
  await app.register(authPlugin);
  await app.register(openapiPlugin);

  await app.register(systemRoutes);
  await app.register(authRoutes, { prefix: '/api/v1' });
  await app.register(orgRoutes, { prefix: '/api/v1' });
  await app.register(userRoutes, { prefix: '/api/v1' });
  await app.register(roleRoutes, { prefix: '/api/v1' });
  await app.register(auditRoutes, { prefix: '/api/v1' });
  await app.register(memberRoutes, { prefix: '/api/v1' });
  await app.register(memberImportRoutes, { prefix: '/api/v1' });
  await app.register(memberExportRoutes, { prefix: '/api/v1' });
  await app.register(portalRoutes, { prefix: '/api/v1' });
  await app.register(joinApplicationRoutes, { prefix: '/api/v1' });
  await app.register(smsOutboxRoutes, { prefix: '/api/v1' });
  await app.register(transferRoutes, { prefix: '/api/v1' });
  await app.register(loanProgrammeRoutes, { prefix: '/api/v1' });
  await app.register(loanRoutes, { prefix: '/api/v1' });
  await app.register(loanAttachmentRoutes, { prefix: '/api/v1' });
  await app.register(portalLoanRoutes, { prefix: '/api/v1' });
  await app.register(loanVisitRoutes, { prefix: '/api/v1' });
  await app.register(loanDashboardRoutes, { prefix: '/api/v1' });
  await app.register(loanExportRoutes, { prefix: '/api/v1' });
  await app.register(loanRepaymentRoutes, { prefix: '/api/v1' });
  await app.register(subsidyBatchRoutes, { prefix: '/api/v1' });
  await app.register(ledgerRoutes, { prefix: '/api/v1' });
  await app.register(loanDefaultRoutes, { prefix: '/api/v1' });
  await app.register(merchantPublicRoutes, { prefix: '/api/v1' });
  await app.register(merchantRoutes, { prefix: '/api/v1' });
  await app.register(merchantQuotaRoutes, { prefix: '/api/v1' });
  await app.register(merchantSettlementRoutes, { prefix: '/api/v1' });
  await app.register(partnerKeyRoutes, { prefix: '/api/v1' });
  await app.register(cardProgrammeRoutes, { prefix: '/api/v1' });
  await app.register(cardRoutes, { prefix: '/api/v1' });
  await app.register(cardImportRoutes, { prefix: '/api/v1' });
  await app.register(portalCardRoutes, { prefix: '/api/v1' });
  await app.register(cardTransactionRoutes, { prefix: '/api/v1' });
  await app.register(cardStatusReportRoutes, { prefix: '/api/v1' });
  await app.register(cardStatsRoutes, { prefix: '/api/v1' });
  if (opts.extraRoutes) {
    const extra = opts.extraRoutes;
    await app.register(async (scoped) => extra(scoped));
  }
  await app.register(webPlugin);

  await app.ready();
  return app;
}

export type App = Awaited<ReturnType<typeof buildApp>>;

declare module 'fastify' {
  interface FastifyInstance {
    routeCensus: RouteCensusEntry[];
  }
}

export type { FastifyInstance };
