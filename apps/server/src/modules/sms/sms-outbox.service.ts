import { maskMobile } from '@tongxing/domain';
import type { SmsOutboxItem } from '@tongxing/contracts';
import type { AppDeps } from '../../deps';
import { AppError } from '../../lib/app-error';
import { writeAudit } from '../../lib/audit';
import type { ActorContext } from '../../lib/context';
import { listOutbox } from './sms-outbox.repository';

/**
 * The outbox shows the message texts (codes included) so a demonstration can go on without a phone.
 * Outside demo mode it does not exist: 404, as for any unknown record. Every read is audited.
 */
export async function readOutbox(deps: AppDeps, ctx: ActorContext, q: { page: number; pageSize: number }): Promise<{ items: SmsOutboxItem[]; total: number }> {
  if (!deps.config.DEMO) throw new AppError('NOT_FOUND');
  return deps.db.transaction(async (tx) => {
    const { rows, total } = await listOutbox(tx, q.page, q.pageSize);
    await writeAudit(tx, ctx, { action: 'sms.outbox_read', entityType: 'sms_outbox', after: { page: q.page, rows: rows.length } });
    return {
      items: rows.map((r) => ({
        id: r.id,
        phoneMasked: maskMobile(deps.crypto.decrypt(r.phoneEnc)),
        template: r.template,
        body: deps.crypto.decrypt(r.bodyEnc),
        createdAt: r.createdAt.toISOString(),
      })),
      total,
    };
  });
}
