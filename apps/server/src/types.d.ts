import type { RouteAccess } from '@tongxing/contracts';
import type { Actor, RequestContext, SessionState } from './lib/context';
import type { AppDeps } from './deps';

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    actor: Actor | null;
  }
  interface FastifyContextConfig {
    /** Required on every route: a permission, 'authenticated' or 'public'. */
    access?: RouteAccess;
    /** Restricted session states in which this route still works (second-factor enrolment, forced password change). */
    allowInStates?: SessionState[];
    /** Skip the CSRF check (only for login, which has no session yet). */
    skipCsrf?: boolean;
  }
}
