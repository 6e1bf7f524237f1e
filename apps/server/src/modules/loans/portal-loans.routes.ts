import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { sql } from 'drizzle-orm';
import {
  MEMBER,
  idParamsSchema,
  loanApplySchema,
  loanCommentSchema,
  loanListSchema,
  loanPatchSchema,
  loanSchema,
  portalLoanProductListSchema,
  scheduleSchema,
} from '@tongxing/contracts';
import { amountCap } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { programmeViews } from '../loan-programmes/programmes.service';
import { actorCtx } from '../auth/auth.routes';
import { createApplication, submitApplication, updateApplication, withdrawApplication } from './loan-apply.service';
import { portalLoanSchedule } from './loan-schedule.service';
import { getPortalLoan, listPortalLoans, memberIdOf } from './loans.service';

/** The products a member may apply for now, with the cap that applies to them. */
async function portalProducts(deps: AppDeps, ctx: ActorContext) {
  const memberId = await memberIdOf(deps, ctx);
  const level = (await deps.db.execute<{ model_worker_level: string }>(sql`select model_worker_level from members where id = ${memberId}`)).rows[0]?.model_worker_level ?? 'none';
  const programmes = (await programmeViews(deps.db, shanghaiDate(deps.clock()))).filter((p) => p.status === 'active');
  return {
    items: programmes.flatMap((pg) =>
      pg.products
        .filter((p) => p.status === 'active')
        .map((p) => ({
          id: p.id,
          programmeId: pg.id,
          programmeName: pg.name,
          code: p.code,
          name: p.name,
          nameEn: p.nameEn,
          borrowerType: p.borrowerType,
          minAmountFen: p.minAmountFen,
          maxAmountFen: p.maxAmountFen,
          minTermMonths: p.minTermMonths,
          maxTermMonths: p.maxTermMonths,
          currentRateBps: p.currentRateBps,
          repaymentMethod: p.repaymentMethod,
          myMaxAmountFen: amountCap({ maxAmountFen: p.maxAmountFen, modelWorkerMaxAmountFen: p.modelWorker.maxAmountFen }, level),
          minOperatingMonths: p.eligibility.minOperatingMonths,
          requireNoBadCredit: p.eligibility.requireNoBadCredit,
        })),
    ),
  };
}

/** The member's side of the lifecycle in the portal (H5): products, applying, my loans and schedules. */
export const portalLoanRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['portal'];
  const portal = { portal: true } as const;

  app.get(
    '/portal/loan-products',
    { config: { access: MEMBER }, schema: { tags, summary: 'Loan products I may apply for, with my cap', response: { 200: portalLoanProductListSchema } } },
    async (request) => portalProducts(deps, actorCtx(request)),
  );
  app.get(
    '/portal/loans',
    { config: { access: MEMBER }, schema: { tags, summary: 'My loans', response: { 200: loanListSchema } } },
    async (request) => listPortalLoans(deps, actorCtx(request)),
  );
  app.get(
    '/portal/loans/:id',
    { config: { access: MEMBER }, schema: { tags, summary: 'One of my loans, with its steps', params: idParamsSchema, response: { 200: loanSchema } } },
    async (request) => getPortalLoan(deps, actorCtx(request), request.params.id),
  );
  app.get(
    '/portal/loans/:id/schedule',
    { config: { access: MEMBER }, schema: { tags, summary: "My loan's repayment schedule", params: idParamsSchema, response: { 200: scheduleSchema } } },
    async (request) => portalLoanSchedule(deps, actorCtx(request), request.params.id),
  );
  app.post(
    '/portal/loans',
    { config: { access: MEMBER }, schema: { tags, summary: 'Apply for a loan (draft, or submitted when `submit`: eligibility checked)', body: loanApplySchema, response: { 201: loanSchema } } },
    async (request, reply) => reply.code(201).send(await createApplication(deps, actorCtx(request), portal, request.body)),
  );
  app.patch(
    '/portal/loans/:id',
    { config: { access: MEMBER }, schema: { tags, summary: 'Correct my draft or returned application', params: idParamsSchema, body: loanPatchSchema, response: { 200: loanSchema } } },
    async (request) => updateApplication(deps, actorCtx(request), portal, request.params.id, request.body),
  );
  for (const event of ['submit', 'resubmit'] as const) {
    app.post(
      `/portal/loans/:id/${event}`,
      { config: { access: MEMBER }, schema: { tags, summary: event === 'submit' ? 'Submit my draft' : 'Resubmit my returned application', params: idParamsSchema, body: loanCommentSchema, response: { 200: loanSchema } } },
      async (request) => submitApplication(deps, actorCtx(request), portal, request.params.id, event, request.body.comment),
    );
  }
  app.post(
    '/portal/loans/:id/withdraw',
    { config: { access: MEMBER }, schema: { tags, summary: 'Withdraw my application', params: idParamsSchema, body: loanCommentSchema, response: { 200: loanSchema } } },
    async (request) => withdrawApplication(deps, actorCtx(request), portal, request.params.id, request.body.comment),
  );
};
