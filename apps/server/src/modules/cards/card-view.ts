import type { CardDetail, CardListItem } from '@tongxing/contracts';
import type { CardState } from '@tongxing/domain';
import type { FieldCrypto } from '../../lib/crypto';
import { maskedId } from '../../lib/personal';
import { maskedNumber } from './card-number';
import type { CardEventRow, CardViewRow } from './cards.repository';
import { asDate, isoOrNull } from './db-time';


export function toListItem(crypto: FieldCrypto, r: CardViewRow): CardListItem {
  return {
    id: r.id,
    programmeId: r.programme_id,
    memberId: r.member_id,
    memberName: r.member_name,
    idNumberMasked: maskedId(crypto, r.id_enc),
    orgId: r.org_id,
    orgName: r.org_name,
    bankOrgId: r.bank_org_id,
    bankName: r.bank_name,
    state: r.state as CardState,
    channel: r.channel as CardListItem['channel'],
    batchId: r.batch_id,
    numberMasked: maskedNumber(r.number_last4),
    appliedAt: isoOrNull(r.applied_at),
    issuedOn: r.issued_on,
    activatedOn: r.activated_on,
    closedAt: isoOrNull(r.closed_at),
    createdAt: asDate(r.created_at).toISOString(),
  };
}

export function toEvent(e: CardEventRow) {
  return {
    id: e.id,
    at: asDate(e.at).toISOString(),
    fromState: e.from_state as CardState | null,
    toState: e.to_state as CardState,
    source: e.source,
    importId: e.import_id,
    actorName: e.actor_name,
    note: e.note,
  };
}

export function toDetail(crypto: FieldCrypto, r: CardViewRow, events: CardEventRow[]): CardDetail {
  return {
    ...toListItem(crypto, r),
    programmeName: r.programme_name,
    replacesCardId: r.replaces_card_id,
    replacedByCardId: r.replaced_by_card_id,
    version: r.version,
    updatedAt: asDate(r.updated_at).toISOString(),
    events: events.map(toEvent),
  };
}
