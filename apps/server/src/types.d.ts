import type { RouteAccess } from '@tongxing/contracts';
import type { Actor, RequestContext, SessionState } from './lib/context';
import type { AppDeps } from './deps';
import type { PartnerIdentity } from './lib/partner-signature';

declare module 'fastify' {
  interface FastifyInstance {
    deps: AppDeps;
  }
  interface FastifyRequest {
    ctx: RequestContext;
    actor: Actor | null;
    /** The sender of a signed partner request (routes with access 'partner'), once its signature is verified. */
    partner: PartnerIdentity | null;
  }
  interface FastifyContextConfig {
    /** Required on every route: a permission, 'authenticated', 'member', 'partner' or 'public'. */
    access?: RouteAccess;
    /** Restricted session states in which this route still works (second-factor enrolment, forced password change). */
    allowInStates?: SessionState[];
    /** Skip the CSRF check (only for login, which has no session yet). */
    skipCsrf?: boolean;
  }
}
