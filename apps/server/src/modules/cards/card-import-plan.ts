import { checkCardEvent, isUnderPath, type CardEvent, type CardState } from '@tongxing/domain';
import type { CardImportField } from '@tongxing/contracts';
import { dayInstant } from './card-transition';

/**
 * The bank's rows walked against the cards as they stand, in file order, on an in-memory copy: the dry run
 * and the commit share this walk, so what the check promises is what the commit writes. A row names its
 * member by the ID number's keyed hash and its card by the card number's; each row moves the card toward
 * the reported state along the workflow (issue, activate, unfreeze, freeze, report lost, cancel) or says why not.
 */
export type ImportTarget = 'issued' | 'activated' | 'frozen' | 'lost' | 'cancelled';

export interface ParsedRow {
  row: number;
  name: string;
  idHash: string;
  idMasked: string;
  numberHash: string | null;
  numberLast4: string | null;
  target: ImportTarget;
  issuedOn: string | null;
  activatedOn: string | null;
  changedOn: string | null;
}

export interface RowIssue {
  row: number;
  field: CardImportField;
  code: string;
  params?: Record<string, string | number>;
  name: string | null;
  idMasked: string | null;
}

export type MemberRec = {
  id: number;
  name: string;
  status: string;
};

export interface CardRec {
  /** Negative for a card this import creates (the commit allocates real ids). */
  id: number;
  memberId: number;
  bankOrgId: number;
  bankPath: string;
  programmeId: number;
  state: CardState;
  channel: string;
  numberHash: string | null;
  numberLast4: string | null;
  replacesCardId: number | null;
  appliedAt: Date | null;
  issuedOn: string | null;
  activatedOn: string | null;
  closedAt: Date | null;
  createdAt: Date | null;
  isNew: boolean;
  touched: boolean;
}

export interface PlanEvent {
  card: CardRec;
  from: CardState | null;
  to: CardState;
  row: number;
}

export interface ImportModel {
  /** Members by ID hash (a person may have left and joined again: several records). */
  members: Map<string, MemberRec[]>;
  /** Each member's cards in the programme. */
  cardsByMember: Map<number, CardRec[]>;
  /** Every card by its number's hash, in any programme. */
  cardsByNumber: Map<string, CardRec>;
}

export type RowOutcome = 'applied' | 'unchanged' | 'unmatched' | 'error';

export interface Plan {
  outcomes: Map<number, RowOutcome>;
  issues: RowIssue[];
  events: PlanEvent[];
  cards: CardRec[];
}

const closed: readonly CardState[] = ['lost', 'replaced', 'cancelled'];

/** The events that take a card from its state to the reported one (none listed: not possible). */
const paths: Record<ImportTarget, Partial<Record<CardState, CardEvent[]>>> = {
  issued: { collected: ['issue'], applied: ['issue'] },
  activated: { collected: ['issue', 'activate'], applied: ['issue', 'activate'], issued: ['activate'], frozen: ['unfreeze'] },
  frozen: { activated: ['freeze'] },
  lost: { issued: ['report_lost'], activated: ['report_lost'], frozen: ['report_lost'] },
  cancelled: { collected: ['cancel'], applied: ['cancel'], issued: ['cancel'], activated: ['cancel'], frozen: ['cancel'] },
};

/** States that already say at least what the row reports: the row changes nothing (an older file sent late). */
const alreadyThere: Record<ImportTarget, readonly CardState[]> = {
  issued: ['issued', 'activated', 'frozen'],
  activated: ['activated'],
  frozen: ['frozen'],
  lost: ['lost', 'replaced'],
  cancelled: ['cancelled', 'lost', 'replaced'],
};

export const targetLabels: Record<CardState, string> = {
  collected: '已采集',
  applied: '已申请',
  issued: '已发卡',
  activated: '已激活',
  frozen: '已冻结',
  lost: '已挂失',
  replaced: '已换卡',
  cancelled: '已注销',
};

function sameName(a: string, b: string): boolean {
  const n = (s: string) => s.replace(/\s+/g, '').replace(/[•・.．]/g, '·');
  return n(a) === n(b);
}

export function planImport(
  rows: ParsedRow[],
  model: ImportModel,
  ctx: { programmeId: number; bankOrgId: number; bankPath: string; now: Date },
): Plan {
  const outcomes = new Map<number, RowOutcome>();
  const issues: RowIssue[] = [];
  const events: PlanEvent[] = [];
  const cards: CardRec[] = [];
  let nextNew = -1;
  const underBank = (c: CardRec) => isUnderPath(c.bankPath, ctx.bankPath);
  const touch = (c: CardRec) => {
    if (!c.touched) {
      c.touched = true;
      cards.push(c);
    }
  };

  for (const r of rows) {
    const issue = (field: CardImportField, code: string, outcome: RowOutcome, params?: Record<string, string | number>) => {
      issues.push({ row: r.row, field, code, ...(params ? { params } : {}), name: r.name, idMasked: r.idMasked });
      outcomes.set(r.row, outcome);
    };
    const records = model.members.get(r.idHash) ?? [];
    const member = records.find((m) => m.status === 'active') ?? records[records.length - 1];
    if (!member) {
      issue('idNumber', 'cardImport.memberNotFound', 'unmatched');
      continue;
    }
    if (!sameName(member.name, r.name)) {
      issue('name', 'cardImport.nameMismatch', 'error');
      continue;
    }
    const own = model.cardsByMember.get(member.id) ?? [];
    let card: CardRec | null = null;
    const byNumber = r.numberHash ? model.cardsByNumber.get(r.numberHash) : undefined;
    if (byNumber) {
      if (byNumber.memberId !== member.id) {
        issue('cardNumber', 'cardImport.numberOtherMember', 'error');
        continue;
      }
      if (!underBank(byNumber) || byNumber.programmeId !== ctx.programmeId) {
        issue('cardNumber', 'cardImport.otherBank', 'unmatched');
        continue;
      }
      card = byNumber;
    } else {
      const live = own.find((c) => !closed.includes(c.state)) ?? null;
      if (live) {
        if (!underBank(live)) {
          issue('idNumber', 'cardImport.otherBank', 'unmatched');
          continue;
        }
        if (live.numberHash && r.numberHash) {
          issue('cardNumber', 'cardImport.numberMismatch', 'error', { last4: live.numberLast4 ?? '' });
          continue;
        }
        card = live;
      }
    }

    if (!card) {
      if (r.target !== 'issued' && r.target !== 'activated') {
        issue('idNumber', 'cardImport.noCard', 'unmatched');
        continue;
      }
      if (member.status !== 'active') {
        issue('idNumber', 'cardImport.memberInactive', 'unmatched');
        continue;
      }
      // A lost card at this bank that no card has replaced yet: the new one replaces it.
      const lost = [...own].reverse().find((c) => c.state === 'lost' && underBank(c)) ?? null;
      const at = dayInstant(r.issuedOn!, ctx.now);
      const created: CardRec = {
        id: nextNew--,
        memberId: member.id,
        bankOrgId: lost?.bankOrgId ?? ctx.bankOrgId,
        bankPath: lost?.bankPath ?? ctx.bankPath,
        programmeId: ctx.programmeId,
        state: 'issued',
        channel: lost?.channel ?? 'bank',
        numberHash: r.numberHash,
        numberLast4: r.numberLast4,
        replacesCardId: lost?.id ?? null,
        appliedAt: at,
        issuedOn: r.issuedOn,
        activatedOn: null,
        closedAt: null,
        createdAt: at,
        isNew: true,
        touched: false,
      };
      if (lost) {
        events.push({ card: lost, from: 'lost', to: 'replaced', row: r.row });
        lost.state = 'replaced';
        touch(lost);
      }
      events.push({ card: created, from: null, to: 'issued', row: r.row });
      if (r.target === 'activated') {
        created.state = 'activated';
        created.activatedOn = r.activatedOn;
        events.push({ card: created, from: 'issued', to: 'activated', row: r.row });
      }
      touch(created);
      own.push(created);
      model.cardsByMember.set(member.id, own);
      model.cardsByNumber.set(r.numberHash!, created);
      outcomes.set(r.row, 'applied');
      continue;
    }

    if (alreadyThere[r.target].includes(card.state)) {
      outcomes.set(r.row, 'unchanged');
      continue;
    }
    const path = paths[r.target][card.state];
    if (!path || path.some((e, i) => !checkCardEvent(i === 0 ? card.state : 'issued', e, 'bank').ok)) {
      issue('state', 'cardImport.transition', 'error', { state: targetLabels[card.state], target: targetLabels[r.target] });
      continue;
    }
    if (path.includes('issue') && !r.numberHash) {
      issue('cardNumber', 'cardImport.numberRequired', 'error');
      continue;
    }
    const issuedOn = path.includes('issue') ? r.issuedOn : card.issuedOn;
    const dayOfChange = path.includes('activate') ? r.activatedOn : r.changedOn;
    if (issuedOn && dayOfChange && dayOfChange < issuedOn) {
      issue(path.includes('activate') ? 'activatedOn' : 'changedOn', 'cardImport.dateOrder', 'error');
      continue;
    }
    for (const e of path) {
      const from = card.state;
      switch (e) {
        case 'issue':
          card.state = 'issued';
          card.numberHash = r.numberHash;
          card.numberLast4 = r.numberLast4;
          card.issuedOn = r.issuedOn;
          card.appliedAt = card.appliedAt ?? dayInstant(r.issuedOn!, ctx.now);
          model.cardsByNumber.set(r.numberHash!, card);
          break;
        case 'activate':
          card.state = 'activated';
          card.activatedOn = r.activatedOn;
          break;
        case 'unfreeze':
          card.state = 'activated';
          break;
        case 'freeze':
          card.state = 'frozen';
          break;
        case 'report_lost':
        case 'cancel':
          card.state = e === 'cancel' ? 'cancelled' : 'lost';
          card.closedAt = r.changedOn ? dayInstant(r.changedOn, ctx.now) : ctx.now;
          break;
        default:
          break;
      }
      events.push({ card, from, to: card.state, row: r.row });
    }
    touch(card);
    outcomes.set(r.row, 'applied');
  }
  return { outcomes, issues, events, cards };
}
