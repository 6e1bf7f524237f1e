import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  approvalLimitListSchema,
  approvalLimitsPutSchema,
  fundContributionResultSchema,
  fundContributionSchema,
  idParamsSchema,
  productCreateSchema,
  productPatchSchema,
  productSchema,
  programmeCreateSchema,
  programmePatchSchema,
  programmeSchema,
  programmeTargetsSchema,
  referenceRateCreateSchema,
  referenceRateListSchema,
  referenceRateSchema,
} from '@tongxing/contracts';
import { z } from 'zod';
import { idempotencyKeyOf } from '../../lib/idempotency';
import { actorCtx } from '../auth/auth.routes';
import * as products from './products.service';
import * as service from './programmes.service';

/** Programmes, products, reference rates and partner approval limits: all data, edited with loan:configure. */
export const loanProgrammeRoutes: FastifyPluginAsyncZod = async (app) => {
  const { deps } = app;
  const tags = ['loan-programmes'];

  app.get(
    '/loan-programmes',
    { config: { access: 'loan:read' }, schema: { tags, summary: 'Programmes with their partners, targets and products', response: { 200: z.object({ items: z.array(programmeSchema) }) } } },
    async () => service.listProgrammes(deps),
  );
  app.get(
    '/loan-programmes/:id',
    { config: { access: 'loan:read' }, schema: { tags, summary: 'One programme', params: idParamsSchema, response: { 200: programmeSchema } } },
    async (request) => service.getProgramme(deps, request.params.id),
  );
  app.post(
    '/loan-programmes',
    {
      config: { access: 'loan:configure' },
      schema: { tags, summary: 'Create a programme and post its initial fund (idempotent: Idempotency-Key)', body: programmeCreateSchema, response: { 201: programmeSchema } },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const result = await service.createProgramme(deps, actorCtx(request), key, request.body);
      return reply.code(201).send(result.body);
    },
  );
  app.patch(
    '/loan-programmes/:id',
    { config: { access: 'loan:configure' }, schema: { tags, summary: 'Edit a programme (name, targets, dates, status, partners)', params: idParamsSchema, body: programmePatchSchema, response: { 200: programmeSchema } } },
    async (request) => service.updateProgramme(deps, actorCtx(request), request.params.id, request.body),
  );
  app.post(
    '/loan-programmes/:id/fund-contributions',
    {
      config: { access: 'loan:configure' },
      schema: { tags, summary: 'Add money to the fund (ledger: fund_cash Dr / fund_capital Cr; idempotent)', params: idParamsSchema, body: fundContributionSchema, response: { 201: fundContributionResultSchema } },
    },
    async (request, reply) => {
      const key = idempotencyKeyOf(request);
      const result = await service.addFundContribution(deps, actorCtx(request), key, request.params.id, request.body);
      return reply.code(201).send(result.body);
    },
  );
  app.put(
    '/loan-programmes/:id/targets',
    { config: { access: 'loan:configure' }, schema: { tags, summary: "Replace the programme's targets per union unit", params: idParamsSchema, body: programmeTargetsSchema, response: { 200: programmeSchema } } },
    async (request) => service.putTargets(deps, actorCtx(request), request.params.id, request.body),
  );
  app.post(
    '/loan-programmes/:id/products',
    { config: { access: 'loan:configure' }, schema: { tags, summary: 'Add a product', params: idParamsSchema, body: productCreateSchema, response: { 201: productSchema } } },
    async (request, reply) => reply.code(201).send(await products.createProduct(deps, actorCtx(request), request.params.id, request.body)),
  );
  app.patch(
    '/loan-products/:id',
    { config: { access: 'loan:configure' }, schema: { tags, summary: 'Edit a product (limits, rate, rules, pipeline, status)', params: idParamsSchema, body: productPatchSchema, response: { 200: productSchema } } },
    async (request) => products.updateProduct(deps, actorCtx(request), request.params.id, request.body),
  );
  app.get(
    '/partner-approval-limits',
    { config: { access: 'loan:read' }, schema: { tags, summary: 'How much each partner unit may approve (above it the step goes to the parent unit)', response: { 200: approvalLimitListSchema } } },
    async () => products.listApprovalLimits(deps),
  );
  app.put(
    '/partner-approval-limits',
    { config: { access: 'loan:configure' }, schema: { tags, summary: 'Replace the approval limits', body: approvalLimitsPutSchema, response: { 200: approvalLimitListSchema } } },
    async (request) => products.putApprovalLimits(deps, actorCtx(request), request.body),
  );
  app.get(
    '/reference-rates',
    { config: { access: 'loan:read' }, schema: { tags, summary: 'Reference rates (LPR) by effective date', response: { 200: referenceRateListSchema } } },
    async () => products.listReferenceRates(deps),
  );
  app.post(
    '/reference-rates',
    { config: { access: 'loan:configure' }, schema: { tags, summary: 'Add a reference rate from its effective date', body: referenceRateCreateSchema, response: { 201: referenceRateSchema } } },
    async (request, reply) => reply.code(201).send(await products.addReferenceRate(deps, actorCtx(request), request.body)),
  );
};
