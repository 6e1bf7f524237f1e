import { describe, expect, it } from 'vitest';
import { checkBalanced } from './ledger';

describe('ledger postings', () => {
  it('must balance and be one-sided', () => {
    expect(() => checkBalanced([{ account: 'fund_cash', debitFen: 100 }, { account: 'fund_capital', creditFen: 100 }])).not.toThrow();
    expect(() => checkBalanced([{ account: 'fund_cash', debitFen: 100 }, { account: 'fund_capital', creditFen: 99 }])).toThrow(/balance/);
    expect(() => checkBalanced([{ account: 'fund_cash', debitFen: 100 }])).toThrow(/balance/);
    expect(() => checkBalanced([{ account: 'fund_cash', debitFen: 0 }, { account: 'fund_capital', creditFen: 0 }])).toThrow(/one positive side/);
    expect(() => checkBalanced([{ account: 'fund_cash', debitFen: 1.5 }, { account: 'fund_capital', creditFen: 1.5 }])).toThrow();
  });
});
