// The bench imports the server's modules; its Fastify declarations (request.ctx, route access, deps)
// live in an ambient file that only apps/server's own tsconfig includes.
import type {} from '../apps/server/src/types.d.ts';
