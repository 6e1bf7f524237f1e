import { daysBetween, resolveScope, scopeCovers, type Scope } from '@tongxing/domain';
import {
  VISIT_DUE_WINDOW_DAYS,
  VISIT_PHOTO_MAX_COUNT,
  type Alert,
  type LoanVisit,
  type LoanVisitListQuery,
  type LoanVisitRecord,
  type VisitDue,
} from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { safeFileName } from '../../lib/attachment';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { shanghaiDate } from '../../lib/local-date';
import * as alertsRepo from './alerts.repository';
import * as repo from './loan-visits.repository';
import { discardPhoto, readPhoto, sniffImage, storePhoto } from './visit-photos';

function scopeOf(ctx: ActorContext): Scope {
  if (!ctx.scope) throw new Error('loan visit routes run with a resolved scope');
  return ctx.scope;
}

/** The scope of another permission the actor holds (null when they do not hold it). */
function scopeFor(ctx: ActorContext, permission: string): Scope | null {
  const a = ctx.actor;
  return resolveScope(a.grants, permission, { userId: a.userId, orgId: a.orgId, orgPath: a.orgPath });
}

export function businessDate(deps: AppDeps): string {
  return shanghaiDate(deps.clock());
}

function dueOf(row: repo.VisitRow, asOf: string): VisitDue | 'missed' {
  if (row.state === 'done') return 'done';
  if (row.state === 'missed') return 'missed';
  if (row.due_on < asOf) return 'overdue';
  return daysBetween(asOf, row.due_on) <= VISIT_DUE_WINDOW_DAYS ? 'due' : 'upcoming';
}

function toView(row: repo.VisitRow, asOf: string, visitScope: Scope | null): LoanVisit {
  const due = dueOf(row, asOf);
  return {
    id: row.id,
    loanId: row.loan_id,
    loanReference: row.loan_reference,
    loanState: row.loan_state as LoanVisit['loanState'],
    programmeName: row.programme_name,
    borrowerName: row.borrower_name,
    enterpriseName: row.enterprise_name,
    modelWorkerLevel: row.model_worker_level,
    approvedAmountFen: row.approved_amount_fen === null ? null : Number(row.approved_amount_fen),
    disbursedOn: row.disbursed_on,
    maturityOn: row.maturity_on,
    jobsExpected: row.jobs_expected,
    bankName: row.bank_name,
    seq: row.seq,
    label: row.label,
    dueOn: row.due_on,
    orgId: row.org_id,
    orgName: row.org_name,
    state: row.state,
    due,
    daysOverdue: due === 'overdue' ? daysBetween(row.due_on, asOf) : 0,
    doneOn: row.done_on,
    doneByName: row.done_by_name,
    operatingStatus: row.operating_status as LoanVisit['operatingStatus'],
    jobsCreated: row.jobs_created,
    useOfFunds: row.use_of_funds,
    riskFlag: row.risk_flag,
    riskNote: row.risk_note,
    problems: row.problems,
    helpNeeded: row.help_needed,
    photos: (row.photos ?? []).map((p) => ({ n: p.n, fileName: p.fileName, mime: p.mime, sizeBytes: p.sizeBytes, uploadedAt: p.uploadedAt })),
    canRecord: visitScope !== null && scopeCovers(visitScope, { orgId: row.org_id, orgPath: row.org_path }),
  };
}

/** A unit named in a filter must be one the caller can see; otherwise it is missing, as everywhere. */
async function unitPathInScope(deps: AppDeps, scope: Scope, orgId: number): Promise<string> {
  const unit = await repo.findUnit(deps.pool, orgId);
  if (!unit || !scopeCovers(scope, { orgId: unit.id, orgPath: unit.path })) throw new AppError('NOT_FOUND', { fields: [{ path: 'orgId', code: 'NOT_FOUND' }] });
  return unit.path;
}

export async function listVisits(deps: AppDeps, ctx: ActorContext, q: LoanVisitListQuery) {
  const scope = scopeOf(ctx);
  const asOf = q.asOf ?? businessDate(deps);
  const orgPath = q.orgId ? await unitPathInScope(deps, scope, q.orgId) : null;
  if (q.loanId && !(await repo.loanVisible(deps.pool, scope, q.loanId))) throw new AppError('NOT_FOUND', { fields: [{ path: 'loanId', code: 'NOT_FOUND' }] });
  const filter = { due: q.due ?? ('queue' as const), asOf, orgPath, loanId: q.loanId ?? null, page: q.page, pageSize: q.pageSize };
  const [list, counts] = await Promise.all([repo.listVisits(deps.pool, scope, filter), repo.countVisits(deps.pool, scope, filter)]);
  const visitScope = scopeFor(ctx, 'loan:visit');
  return { items: list.rows.map((r) => toView(r, asOf, visitScope)), total: list.total, asOf, counts };
}

export async function getVisit(deps: AppDeps, ctx: ActorContext, id: number): Promise<LoanVisit> {
  const scope = scopeFor(ctx, 'loan:read') ?? scopeOf(ctx);
  const row = await repo.findVisit(deps.pool, scope, id);
  if (!row) throw new AppError('NOT_FOUND');
  return toView(row, businessDate(deps), scopeFor(ctx, 'loan:visit'));
}

function alertMessage(v: repo.VisitForWrite, riskNote: string): string {
  const who = v.enterprise_name ?? v.borrower_name;
  return `贷后回访发现风险：${v.loan_reference}（${who}）${riskNote}`.slice(0, 500);
}

/**
 * Records a visit: its findings, the loan's jobs created (from the latest visit), and — when it raises a
 * risk flag — an alert for the loan's district union and one for its bank unit, all in one transaction.
 */
export async function recordVisit(deps: AppDeps, ctx: ActorContext, id: number, body: LoanVisitRecord): Promise<LoanVisit> {
  const scope = scopeOf(ctx);
  const today = businessDate(deps);
  await deps.db.transaction(async (tx) => {
    const v = await repo.lockVisitForWrite(tx, scope, id);
    if (!v) throw new AppError('NOT_FOUND');
    if (v.state !== 'planned') throw new AppError('LOAN_VISIT_DONE');
    if (body.doneOn > today || (v.disbursed_on !== null && body.doneOn < v.disbursed_on)) {
      throw new AppError('VALIDATION_FAILED', { fields: [{ path: 'doneOn', code: 'visit.doneOnRange' }] });
    }
    const riskNote = body.riskFlag ? (body.riskNote ?? '') : (body.riskNote ?? null);
    await repo.markDone(tx, id, {
      doneOn: body.doneOn,
      doneBy: ctx.actor.userId,
      operatingStatus: body.operatingStatus,
      jobsCreated: body.jobsCreated,
      useOfFunds: body.useOfFunds,
      riskFlag: body.riskFlag,
      riskNote: riskNote || null,
      problems: body.problems || null,
      helpNeeded: body.helpNeeded || null,
    });
    await repo.refreshLoanJobs(tx, v.loan_id);
    let alerts: { id: number; org_id: number }[] = [];
    if (body.riskFlag) {
      const units = [...new Set([v.district_id, v.bank_org_id].filter((u): u is number => u !== null))];
      alerts = await alertsRepo.insertAlerts(tx, units, { kind: 'visit_risk', loanId: v.loan_id, visitId: id, message: alertMessage(v, riskNote ?? ''), at: deps.clock() });
    }
    await writeAudit(tx, ctx, {
      action: 'loan_visit.record',
      entityType: 'loan_visit',
      entityId: id,
      after: {
        loanId: v.loan_id,
        doneOn: body.doneOn,
        operatingStatus: body.operatingStatus,
        jobsCreated: body.jobsCreated,
        riskFlag: body.riskFlag,
        alerts: alerts.map((a) => ({ id: a.id, orgId: a.org_id })),
      },
    });
  });
  return getVisit(deps, ctx, id);
}

/** Adds one photo (an image by its bytes; the size limit is the upload's) to a visit the caller may record. */
export async function addPhoto(deps: AppDeps, ctx: ActorContext, id: number, upload: { fileName: string | undefined; data: Buffer }): Promise<LoanVisit> {
  const scope = scopeOf(ctx);
  const kind = sniffImage(upload.data);
  if (!kind) throw new AppError('LOAN_VISIT_PHOTO_TYPE');
  let stored: string | null = null;
  try {
    await deps.db.transaction(async (tx) => {
      const v = await repo.lockVisitForWrite(tx, scope, id);
      if (!v) throw new AppError('NOT_FOUND');
      const photos = v.photos ?? [];
      if (photos.length >= VISIT_PHOTO_MAX_COUNT) throw new AppError('LOAN_VISIT_PHOTO_LIMIT', { params: { max: VISIT_PHOTO_MAX_COUNT } });
      const n = photos.reduce((m, p) => Math.max(m, p.n), 0) + 1;
      const file = await storePhoto(deps.config.dataDir, id, n, kind.ext, upload.data);
      stored = file.storedFile;
      const photo: repo.StoredPhoto = {
        n,
        fileName: safeFileName(upload.fileName, `photo.${kind.ext}`, 120),
        storedFile: file.storedFile,
        mime: kind.mime,
        sizeBytes: upload.data.length,
        sha256: file.sha256,
        uploadedBy: ctx.actor.userId,
        uploadedAt: deps.clock().toISOString(),
      };
      await repo.setPhotos(tx, id, [...photos, photo]);
      await writeAudit(tx, ctx, { action: 'loan_visit.photo_add', entityType: 'loan_visit', entityId: id, after: { n, mime: kind.mime, sizeBytes: photo.sizeBytes, sha256: file.sha256 } });
    });
  } catch (err) {
    if (stored) await discardPhoto(deps.config.dataDir, stored);
    throw err;
  }
  return getVisit(deps, ctx, id);
}

/** A photo, to those who may read the visit; each view is audited like any attachment's. */
export async function photoFile(deps: AppDeps, ctx: ActorContext, id: number, n: number) {
  const row = await repo.findVisit(deps.pool, scopeOf(ctx), id);
  const photo = row?.photos.find((p) => p.n === n);
  if (!row || !photo) throw new AppError('NOT_FOUND');
  const data = await readPhoto(deps.config.dataDir, photo.storedFile);
  if (!data) throw new AppError('NOT_FOUND');
  await deps.db.transaction((tx) => writeAudit(tx, ctx, { action: 'loan_visit.photo_read', entityType: 'loan_visit', entityId: id, after: { n } }));
  return { data, mime: photo.mime, fileName: photo.fileName };
}

// ---------------------------------------------------------------- alerts

function alertView(r: alertsRepo.AlertRow): Alert {
  return {
    id: r.id,
    kind: r.kind,
    orgId: r.org_id,
    orgName: r.org_name,
    loanId: r.loan_id,
    loanReference: r.loan_reference,
    visitId: r.visit_id,
    message: r.message,
    createdAt: new Date(r.created_at).toISOString(),
    readAt: r.read_at ? new Date(r.read_at).toISOString() : null,
    readByName: r.read_by_name,
  };
}

export async function listAlerts(deps: AppDeps, ctx: ActorContext, q: { unread?: 'true' | 'false'; page: number; pageSize: number }) {
  const unread = q.unread === undefined ? undefined : q.unread === 'true';
  const res = await alertsRepo.listAlerts(deps.pool, scopeOf(ctx), { unread, page: q.page, pageSize: q.pageSize });
  return { items: res.rows.map(alertView), total: res.total, unread: res.unread };
}

export async function readAlert(deps: AppDeps, ctx: ActorContext, id: number): Promise<Alert> {
  const row = await deps.db.transaction(async (tx) => {
    const r = await alertsRepo.markRead(tx, scopeOf(ctx), id, ctx.actor.userId, deps.clock());
    if (!r) throw new AppError('NOT_FOUND');
    await writeAudit(tx, ctx, { action: 'alert.read', entityType: 'alert', entityId: id });
    return r;
  });
  return alertView(row);
}
