import { randomBytes } from 'node:crypto';
import { referenceFromBytes } from '@tongxing/domain';
import type { JoinApplicationCreate, JoinOutcome } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { RequestContext } from '../../lib/context';
import { safeEqual } from '../../lib/crypto';
import { hashPhone, sealIdNumber, sealPhone } from '../../lib/personal';
import { canHoldMembers, checkIdentity } from '../members/member-record';
import * as membersRepo from '../members/members.repository';
import { uniqueViolation } from '../members/members.service';
import { consumeOtp, verifyOtp } from '../portal/otp.service';
import * as repo from './join-applications.repository';

const orgField = (code: 'NOT_FOUND' | 'MEMBER_ORG_INVALID' | 'ORG_INACTIVE') => new AppError(code, { fields: [{ path: 'orgId', code }] });

/**
 * A worker applies to join: the form is checked, the phone proven by its `join` code, and a person who
 * is already an active member or already waiting for a decision is told so (only after the code, so the
 * register cannot be probed without the phone). The code is used up only when the application is stored.
 */
export async function submitApplication(deps: AppDeps, ctx: RequestContext, body: JoinApplicationCreate): Promise<{ reference: string; status: 'pending' }> {
  const identity = checkIdentity(body);
  if (identity.errors.length > 0) throw new AppError('VALIDATION_FAILED', { fields: identity.errors });
  const org = await repo.orgById(deps.db, body.orgId);
  if (!org) throw orgField('NOT_FOUND');
  if (!canHoldMembers(org.kind)) throw orgField('MEMBER_ORG_INVALID');
  if (org.status !== 'active') throw orgField('ORG_INACTIVE');

  const otpId = await verifyOtp(deps, ctx, body.phone, ['join'], body.code);
  const id = sealIdNumber(deps.crypto, identity.idNumber);
  if (await membersRepo.findActiveByIdHash(deps.db, id.hash)) {
    throw new AppError('MEMBER_ALREADY_ACTIVE', { fields: [{ path: 'idNumber', code: 'MEMBER_ALREADY_ACTIVE' }] });
  }
  if (await repo.findPendingByIdHash(deps.db, id.hash)) throw new AppError('JOIN_APPLICATION_PENDING');
  const phone = sealPhone(deps.crypto, body.phone);
  const details: repo.ApplicationDetails = {
    gender: identity.gender,
    birthDate: identity.birthDate,
    ethnicity: body.ethnicity ?? null,
    politicalStatus: body.politicalStatus ?? null,
    education: body.education ?? null,
    category: body.category ?? null,
  };
  try {
    return await deps.db.transaction(async (tx) => {
      await consumeOtp(deps, tx, otpId);
      const row = await repo.insertApplication(tx, {
        reference: referenceFromBytes(randomBytes(12)),
        orgId: org.id,
        name: body.name,
        idType: body.idType,
        idEnc: id.enc,
        idHash: id.hash,
        idLast4: id.last4,
        phoneEnc: phone.enc,
        phoneHash: phone.hash,
        phoneLast4: phone.last4,
        employer: body.employer,
        details,
        status: 'pending',
        createdAt: deps.clock(),
      });
      await writeAudit(tx, ctx, {
        action: 'join_application.submit',
        entityType: 'join_application',
        entityId: row.id,
        orgId: org.id,
        after: { name: body.name, orgId: org.id, idType: body.idType, employer: body.employer, reference: row.reference },
      });
      return { reference: row.reference, status: 'pending' as const };
    });
  } catch (err) {
    // The same person submitting twice at once: the index lets one through.
    if (uniqueViolation(err) === 'join_applications_open_key') throw new AppError('JOIN_APPLICATION_PENDING');
    throw err;
  }
}

/** The applicant's view: reference and phone must both match, and anything else is the same 404. */
export async function applicationStatus(deps: AppDeps, query: { reference: string; phone: string }): Promise<JoinOutcome> {
  const found = await repo.findByReference(deps.db, query.reference);
  if (!found || !safeEqual(found.app.phoneHash, hashPhone(deps.crypto, query.phone))) throw new AppError('NOT_FOUND');
  const a = found.app;
  return {
    reference: a.reference,
    orgName: found.orgName,
    status: a.status as JoinOutcome['status'],
    rejectReason: a.rejectReason,
    createdAt: a.createdAt.toISOString(),
    decidedAt: a.decidedAt ? a.decidedAt.toISOString() : null,
  };
}

/**
 * Tells the applicant the outcome by SMS, after the decision is committed. A gateway failure must not
 * undo the decision: it is recorded in the audit log (the status page still shows the outcome).
 */
export async function notifyApplicant(deps: AppDeps, ctx: RequestContext, applicationId: number, phoneEnc: Buffer, template: string, params: Record<string, string>) {
  try {
    await deps.sms.send(deps.crypto.decrypt(phoneEnc), template, params);
  } catch (err) {
    await writeAudit(deps.db, ctx, {
      action: 'sms.send',
      entityType: 'join_application',
      entityId: applicationId,
      outcome: 'failure',
      after: { template, error: err instanceof Error ? err.name : 'unknown' },
    });
  }
}
