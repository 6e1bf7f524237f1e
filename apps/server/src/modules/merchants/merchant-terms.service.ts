import { MERCHANT_PHOTO_MAX_COUNT, type MerchantAgreementCreate } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { safeFileName } from '../../lib/attachment';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import { sniffImage } from '../loan-visits/visit-photos';
import { agreementValues, checkNoOverlap, getMerchant, lockMerchant } from './merchant-review.service';
import { discardMerchantPhoto, readMerchantPhoto, storeMerchantPhoto } from './merchant-photos';
import * as repo from './merchants.repository';

/**
 * A new agreement version for a signed (active or suspended) merchant. Versions never overlap: the next one
 * starts after the last one ends (end the current one early first, if the terms change mid-way).
 */
export async function addAgreement(deps: AppDeps, ctx: ActorContext, id: number, body: MerchantAgreementCreate) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockMerchant(deps, tx, ctx, id);
    if (row.state !== 'active' && row.state !== 'suspended') throw new AppError('MERCHANT_NOT_ACTIVE', { params: { state: row.state } });
    await checkNoOverlap(tx, id, body);
    const agreementId = await repo.insertAgreement(tx, agreementValues(id, body, ctx.actor.userId, now));
    await writeAudit(tx, ctx, { action: 'merchant.agreement_add', entityType: 'merchant', entityId: id, orgId: row.org_id, after: { agreementId, ...body } });
  });
  return getMerchant(deps, ctx, id);
}

/**
 * Ends an agreement early: it stays in force up to `endOn` (today at the earliest, so transactions already
 * received keep the terms they were computed with).
 */
export async function endAgreement(deps: AppDeps, ctx: ActorContext, id: number, agreementId: number, body: { endOn: string; reason: string }) {
  const now = deps.clock();
  const today = shanghaiDate(now);
  await deps.db.transaction(async (tx) => {
    const row = await lockMerchant(deps, tx, ctx, id);
    const a = await repo.findAgreement(tx, id, agreementId);
    if (!a) throw new AppError('NOT_FOUND');
    if (a.status === 'ended') throw new AppError('MERCHANT_AGREEMENT_ENDED');
    if (body.endOn < today || body.endOn < a.valid_from || body.endOn > a.valid_to) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'endOn', code: 'merchant.endOn' }] });
    }
    await repo.endAgreement(tx, agreementId, body.endOn);
    await writeAudit(tx, ctx, {
      action: 'merchant.agreement_end',
      entityType: 'merchant',
      entityId: id,
      orgId: row.org_id,
      before: { agreementId, validTo: a.valid_to },
      after: { agreementId, validTo: body.endOn, reason: body.reason },
    });
  });
  return getMerchant(deps, ctx, id);
}

/** The annual assessment: one per merchant and year. */
export async function addAssessment(deps: AppDeps, ctx: ActorContext, id: number, body: { year: number; result: string; score?: number | undefined; note?: string | undefined }) {
  const now = deps.clock();
  await deps.db.transaction(async (tx) => {
    const row = await lockMerchant(deps, tx, ctx, id);
    const assessmentId = await repo.insertAssessment(tx, { merchantId: id, year: body.year, result: body.result, score: body.score ?? null, note: body.note ?? null, by: ctx.actor.userId, at: now });
    if (!assessmentId) throw new AppError('MERCHANT_ASSESSMENT_EXISTS', { params: { year: body.year }, fields: [{ path: 'year', code: 'MERCHANT_ASSESSMENT_EXISTS' }] });
    await writeAudit(tx, ctx, { action: 'merchant.assess', entityType: 'merchant', entityId: id, orgId: row.org_id, after: { assessmentId, ...body } });
  });
  return getMerchant(deps, ctx, id);
}

/** Adds one photo (an image by its bytes, at most 9 per merchant); the file is removed again if the record does not commit. */
export async function addPhoto(deps: AppDeps, ctx: ActorContext, id: number, upload: { fileName: string | undefined; data: Buffer }) {
  const kind = sniffImage(upload.data);
  if (!kind) throw new AppError('MERCHANT_PHOTO_TYPE');
  let stored: string | null = null;
  try {
    await deps.db.transaction(async (tx) => {
      const row = await lockMerchant(deps, tx, ctx, id);
      const photos = row.photos ?? [];
      if (photos.length >= MERCHANT_PHOTO_MAX_COUNT) throw new AppError('MERCHANT_PHOTO_LIMIT', { params: { max: MERCHANT_PHOTO_MAX_COUNT } });
      const n = photos.reduce((m, p) => Math.max(m, p.n), 0) + 1;
      const file = await storeMerchantPhoto(deps.config.dataDir, id, n, kind.ext, upload.data);
      stored = file.storedFile;
      const photo: repo.StoredMerchantPhoto = {
        n,
        fileName: safeFileName(upload.fileName, `photo.${kind.ext}`, 120),
        mime: kind.mime,
        sizeBytes: upload.data.length,
        storedFile: file.storedFile,
        sha256: file.sha256,
        uploadedAt: deps.clock().toISOString(),
        uploadedBy: ctx.actor.userId,
      };
      await repo.updateMerchant(tx, id, { photos: [...photos, photo] }, deps.clock());
      await writeAudit(tx, ctx, { action: 'merchant.photo_add', entityType: 'merchant', entityId: id, orgId: row.org_id, after: { n, fileName: photo.fileName, sizeBytes: photo.sizeBytes, sha256: file.sha256 } });
    });
  } catch (err) {
    if (stored) await discardMerchantPhoto(deps.config.dataDir, stored);
    throw err;
  }
  return getMerchant(deps, ctx, id);
}

export async function removePhoto(deps: AppDeps, ctx: ActorContext, id: number, n: number) {
  let removed: string | null = null;
  await deps.db.transaction(async (tx) => {
    const row = await lockMerchant(deps, tx, ctx, id);
    const photo = (row.photos ?? []).find((p) => p.n === n);
    if (!photo) throw new AppError('NOT_FOUND');
    await repo.updateMerchant(tx, id, { photos: row.photos.filter((p) => p.n !== n) }, deps.clock());
    await writeAudit(tx, ctx, { action: 'merchant.photo_remove', entityType: 'merchant', entityId: id, orgId: row.org_id, before: { n, fileName: photo.fileName } });
    removed = photo.storedFile;
  });
  if (removed) await discardMerchantPhoto(deps.config.dataDir, removed);
  return getMerchant(deps, ctx, id);
}

/** A photo of a merchant the caller may read. */
export async function photoFile(deps: AppDeps, ctx: ActorContext, id: number, n: number) {
  const row = await repo.findMerchant(deps.db, ctx.scope!, id, shanghaiDate(deps.clock()));
  return fileOf(deps, row, n);
}

export async function fileOf(deps: AppDeps, row: { photos: repo.StoredMerchantPhoto[] } | null, n: number) {
  const photo = row?.photos?.find((p) => p.n === n);
  if (!photo) throw new AppError('NOT_FOUND');
  const data = await readMerchantPhoto(deps.config.dataDir, photo.storedFile);
  if (!data) throw new AppError('NOT_FOUND');
  return { data, mime: photo.mime, fileName: photo.fileName };
}
