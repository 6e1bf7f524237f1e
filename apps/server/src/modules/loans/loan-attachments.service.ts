import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { loanAttachments } from '@tongxing/db';
import { LOAN_ATTACHMENT_MAX_BYTES, LOAN_ATTACHMENT_MAX_COUNT, loanAttachmentKinds } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { safeFileName } from '../../lib/attachment';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { pipelineOf, staffRoles } from './loan-view';
import { currentStepOrg, findMemberLoan, memberIdOf, memberLoanView, scopeOf, staffLoanView } from './loans.service';
import { findAttachment, findLoan, loanContext, type LoanRow } from './loans.repository';

/** What the first bytes say a file is; anything else is refused whatever its name or declared type. */
export function sniff(data: Buffer): { mime: string; ext: string } | null {
  if (data.length >= 5 && data.subarray(0, 5).toString('latin1') === '%PDF-') return { mime: 'application/pdf', ext: 'pdf' };
  if (data.length >= 3 && data[0] === 0xff && data[1] === 0xd8 && data[2] === 0xff) return { mime: 'image/jpeg', ext: 'jpg' };
  if (data.length >= 8 && data.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return { mime: 'image/png', ext: 'png' };
  return null;
}

const OPEN_STATES = ['draft', 'submitted', 'in_review', 'returned'];

export interface Upload {
  kind: string;
  fileName: string;
  data: Buffer;
}

/** Who uploads: the member (own loan) or staff of the applicant side or a reviewer within scope. */
export type Uploader = { portal: true } | { portal: false };

async function loanForUpload(deps: AppDeps, ctx: ActorContext, who: Uploader, id: number): Promise<LoanRow> {
  if (who.portal) {
    const loan = await findMemberLoan(deps.db, await memberIdOf(deps, ctx), id);
    if (!loan) throw new AppError('NOT_FOUND');
    return loan;
  }
  const loan = await findLoan(deps.db, id, scopeOf(ctx));
  if (!loan) throw new AppError('NOT_FOUND');
  const c = await loanContext(deps.db, loan);
  const pipeline = pipelineOf(c.pipeline);
  const roles = staffRoles(ctx, loan, pipeline, await currentStepOrg(deps.db, loan, pipeline), c.bank_path);
  if (!roles.applicant && !roles.reviewer) throw new AppError('FORBIDDEN');
  return loan;
}

/**
 * Stores an attachment under DATA_DIR/uploads/loans/<loanId>/, sealed with the data key (ID copies are
 * personal data), after checking kind, size and — by content — type. The row and its audit row go in one
 * transaction; a file whose row failed is removed.
 */
export async function addAttachment(deps: AppDeps, ctx: ActorContext, who: Uploader, id: number, upload: Upload) {
  if (!(loanAttachmentKinds as readonly string[]).includes(upload.kind)) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'kind', code: 'invalid_enum_value' }] });
  }
  const loan = await loanForUpload(deps, ctx, who, id);
  if (!OPEN_STATES.includes(loan.state)) throw new AppError('LOAN_TRANSITION_INVALID');
  if (upload.data.length > LOAN_ATTACHMENT_MAX_BYTES) throw new AppError('LOAN_ATTACHMENT_TOO_LARGE', { fields: [{ path: 'file', code: 'loan.fileTooLarge' }] });
  const type = sniff(upload.data);
  if (!type) throw new AppError('LOAN_ATTACHMENT_INVALID', { fields: [{ path: 'file', code: 'loan.fileType' }] });
  const rel = path.join('uploads', 'loans', String(id), `${randomUUID()}.${type.ext}.enc`);
  const file = path.join(deps.config.dataDir, rel);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, deps.crypto.encrypt(upload.data.toString('base64')), { mode: 0o600 });
  const fileName = safeFileName(upload.fileName, `attachment.${type.ext}`);
  try {
    await deps.db.transaction(async (tx) => {
      // Counted under the loan's row lock, so two uploads at once cannot both pass the limit.
      await tx.execute(sql`select 1 from loans where id = ${id} for update`);
      const [{ n }] = (await tx.execute(sql`select count(*)::int as n from loan_attachments where loan_id = ${id}`)).rows as [{ n: number }];
      if (n >= LOAN_ATTACHMENT_MAX_COUNT) throw new AppError('LOAN_ATTACHMENT_LIMIT', { params: { max: LOAN_ATTACHMENT_MAX_COUNT } });
      const [row] = await tx
        .insert(loanAttachments)
        .values({
          loanId: id,
          kind: upload.kind,
          fileName,
          storedFile: rel,
          mime: type.mime,
          sizeBytes: upload.data.length,
          sha256: createHash('sha256').update(upload.data).digest('hex'),
          uploadedBy: ctx.actor.userId,
          uploadedAt: deps.clock(),
        })
        .returning({ id: loanAttachments.id });
      await writeAudit(tx, ctx, { action: 'loan.attachment_add', entityType: 'loan', entityId: id, after: { attachmentId: row!.id, kind: upload.kind, fileName, sizeBytes: upload.data.length, mime: type.mime } });
    });
  } catch (err) {
    await rm(file, { force: true });
    throw err;
  }
  const fresh = (await findLoan(deps.db, id, null))!;
  return who.portal ? memberLoanView(deps, deps.db, ctx, fresh) : staffLoanView(deps, deps.db, ctx, fresh);
}

/** The file, to whoever may see the loan; every read is audited. */
export async function readAttachment(deps: AppDeps, ctx: ActorContext, who: Uploader, id: number, attachmentId: number) {
  const loan = who.portal ? await findMemberLoan(deps.db, await memberIdOf(deps, ctx), id) : await findLoan(deps.db, id, scopeOf(ctx));
  if (!loan) throw new AppError('NOT_FOUND');
  const a = await findAttachment(deps.db, id, attachmentId);
  if (!a) throw new AppError('NOT_FOUND');
  const sealed = await readFile(path.join(deps.config.dataDir, a.storedFile)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new AppError('LOAN_ATTACHMENT_FILE_MISSING');
    throw err;
  });
  const data = Buffer.from(deps.crypto.decrypt(sealed), 'base64');
  await writeAudit(deps.db, ctx, { action: 'loan.attachment_read', entityType: 'loan', entityId: id, after: { attachmentId, kind: a.kind } });
  return { data, mime: a.mime, fileName: a.fileName };
}
