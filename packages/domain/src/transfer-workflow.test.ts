import { describe, expect, it } from 'vitest';
import { checkTransferEvent, transferStates, type TransferEvent, type TransferSide } from './transfer-workflow';

const events: TransferEvent[] = ['accept', 'reject', 'cancel'];
const sides: TransferSide[][] = [[], ['sending'], ['receiving'], ['sending', 'receiving']];

describe('transfer workflow: every state × event × initiator × acting sides', () => {
  // The whole table, written out: what is allowed; everything else is refused.
  const allowed = new Set([
    'pending accept sending receiving',
    'pending accept receiving receiving',
    'pending reject sending receiving',
    'pending reject receiving receiving',
    'pending cancel sending sending',
    'pending cancel receiving receiving',
  ]);
  for (const state of transferStates) {
    for (const event of events) {
      for (const initiatedBy of ['sending', 'receiving'] as TransferSide[]) {
        for (const acting of sides) {
          const expectOk = acting.some((side) => allowed.has(`${state} ${event} ${initiatedBy} ${side}`));
          it(`${state} —${event}→ (started by ${initiatedBy}, acting as [${acting.join(',')}]) is ${expectOk ? 'allowed' : 'refused'}`, () => {
            const r = checkTransferEvent(state, event, initiatedBy, acting);
            expect(r.ok).toBe(expectOk);
            if (!r.ok) expect(r.reason).toBe(state === 'pending' ? 'side' : 'state');
          });
        }
      }
    }
  }
});
