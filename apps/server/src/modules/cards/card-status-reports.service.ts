import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import {
  cardImportRowMessage,
  cardStatusItemSchema,
  type CardImportField,
  type CardStatusResult,
} from '@tongxing/contracts';
import { isUnderPath } from '@tongxing/domain';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { RequestContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import type { PartnerIdentity } from '../../lib/partner-signature';
import { pickBank, pickProgramme, cardConflict } from './cards-access';
import type { CardFile } from './card-import-file';
import { writePlan } from './card-import-model';
import type { RowIssue } from './card-import-plan';
import { counts, parseRows, planFor, storedIssues } from './card-imports.service';

/**
 * The bank's system reporting issued, activated, frozen, lost and cancelled cards through the signed partner
 * API: the same walk as the bank's file (parse, match by the ID number's keyed hash and name, move each card
 * toward the reported state along the workflow), committed at once for the items that can be, under the same
 * lock as a file of the bank's, so a file and a batch cannot interleave. Each batch is kept as one of the
 * bank's imports with its report. Sending the same items again changes nothing: they come back `unchanged`.
 */

type Fields = Partial<Record<CardImportField, string>>;

/** The batch's items as the file's rows (row = place in the batch + 1), with the items that are not well formed set aside. */
function asFile(items: unknown[]): { file: CardFile; malformed: RowIssue[]; refs: (string | null)[] } {
  const rows: CardFile['rows'] = [];
  const malformed: RowIssue[] = [];
  const refs: (string | null)[] = [];
  items.forEach((raw, i) => {
    const row = i + 1;
    const ref = raw && typeof raw === 'object' && typeof (raw as { ref?: unknown }).ref === 'string' ? (raw as { ref: string }).ref.trim().slice(0, 64) || null : null;
    refs.push(ref);
    const parsed = cardStatusItemSchema.safeParse(raw);
    if (!parsed.success) {
      const first = parsed.error.issues[0];
      const key = first?.path[0];
      const field = typeof key === 'string' && key.length <= 40 ? key : 'item';
      malformed.push({ row, field: field as CardImportField, code: 'cardImport.itemInvalid', params: { field }, name: null, idMasked: null });
      return;
    }
    const it = parsed.data;
    const cells: Fields = {
      idNumber: it.idNumber,
      name: it.name,
      state: it.state,
      ...(it.idType ? { idType: it.idType } : {}),
      ...(it.cardNumber ? { cardNumber: it.cardNumber } : {}),
      ...(it.issuedOn ? { issuedOn: it.issuedOn } : {}),
      ...(it.activatedOn ? { activatedOn: it.activatedOn } : {}),
      ...(it.changedOn ? { changedOn: it.changedOn } : {}),
    };
    rows.push({ row, cells });
  });
  return { file: { headers: {}, rows }, malformed, refs };
}

export async function receiveStatusReport(
  deps: AppDeps,
  ctx: RequestContext,
  partner: PartnerIdentity,
  body: { programmeId?: number | undefined; items: unknown[] },
) {
  if (partner.orgKind !== 'bank') throw new AppError('PARTNER_NOT_BANK');
  const ours = (b: { path: string }) => isUnderPath(b.path, partner.orgPath);
  const programme = await pickProgramme(deps.db, body.programmeId, (p) => p.banks.some(ours));
  const bank = pickBank(programme, undefined, ours);

  const { file, malformed, refs } = asFile(body.items);
  const parsed = parseRows(deps, file, shanghaiDate(deps.clock()));
  const sha256 = createHash('sha256').update(JSON.stringify(body.items)).digest('hex');
  const batch = { programmeId: programme.id, bankOrgId: bank.orgId, bankPath: bank.path, rows: parsed.rows };

  const out = await deps.db
    .transaction(async (tx) => {
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext('card_bank_import'), ${bank.orgId} * 1000 + ${programme.id})`);
      const plan = await planFor(deps, batch, tx, true);
      const issues = storedIssues({}, [...malformed, ...parsed.issues, ...plan.issues]);
      const c = counts(body.items.length, plan, issues);
      const now = deps.clock();
      const reportId = (
        await tx.execute<{ id: number }>(sql`
          insert into card_bank_imports (bank_org_id, programme_id, source, file_name, sha256, row_count, applied_count, unchanged_count, unmatched_count, error_count,
                                         report, partner_key_id, created_at)
          values (${bank.orgId}, ${programme.id}, 'api', ${`API ${partner.keyId}`.slice(0, 200)}, ${sha256}, ${c.rows}, ${c.applied}, ${c.unchanged}, ${c.unmatched}, ${c.errors},
                  ${JSON.stringify({ newCards: c.newCards, issues })}::jsonb, ${partner.keyId}, ${now})
          returning id`)
      ).rows[0]!.id;
      await writePlan(tx, plan, { importId: reportId, actorId: null, now, createdBy: null, source: 'partner_api' });
      await writeAudit(tx, ctx, {
        action: 'card.status_report',
        entityType: 'card_import',
        entityId: reportId,
        username: `partner:${partner.keyId}`,
        orgId: partner.orgId,
        after: { keyId: partner.keyId, bankOrgId: bank.orgId, programmeId: programme.id, sha256, ...c },
      });
      return { reportId, plan, issues, c };
    })
    .catch((err: unknown) => {
      throw cardConflict(err) ?? err;
    });

  const firstIssue = new Map<number, (typeof out.issues)[number]>();
  for (const i of out.issues) if (!firstIssue.has(i.row)) firstIssue.set(i.row, i);
  const results: CardStatusResult[] = body.items.map((_item, index) => {
    const row = index + 1;
    const ref = refs[index] ?? null;
    const issue = firstIssue.get(row);
    if (issue) {
      return {
        index,
        ref,
        status: issue.kind === 'unmatched' ? 'unmatched' : 'rejected',
        code: issue.code,
        field: issue.field,
        message: cardImportRowMessage(issue.code, ctx.lang, issue.params),
      };
    }
    return { index, ref, status: out.plan.outcomes.get(row) === 'applied' ? 'applied' : 'unchanged' };
  });
  const tally = { applied: 0, unchanged: 0, unmatched: 0, rejected: 0, newCards: out.c.newCards };
  for (const r of results) tally[r.status]++;
  return { reportId: out.reportId, programmeId: programme.id, counts: tally, results };
}
