import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { completeUscc, isValidUscc, normaliseUscc, usccCheckChar } from './uscc';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const char = fc.constantFrom(...ALPHABET.split(''));
const digit = fc.constantFrom(...'0123456789'.split(''));
/** Any well-formed 17-character body: 2 alphabet chars, a 6-digit area, 9 alphabet chars. */
const body17 = fc
  .tuple(fc.array(char, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 6, maxLength: 6 }), fc.array(char, { minLength: 9, maxLength: 9 }))
  .map(([a, b, c]) => [...a, ...b, ...c].join(''));

describe('unified social credit code (GB 32100)', () => {
  it('accepts published real codes', () => {
    // The standard's own example, and two registered companies' codes from public records.
    for (const code of ['91350100M000100Y43', '91110000802100433B', '91110108551385082Q']) expect(isValidUscc(code)).toBe(true);
  });

  it('computes the check character by hand for one code', () => {
    // 9·1 + 1·3 + 3·9 + 5·27 + 0·19 + 1·26 + 0·16 + 0·17 + M(21)·20 + 0·29 + 0·25 + 0·13 + 1·8 + 0·24 + 0·10
    //   + Y(30)·30 + 4·28 = 1640; 1640 mod 31 = 28; 31 − 28 = 3 → '3', as the published code 91350100M000100Y43 ends.
    expect(usccCheckChar('91350100M000100Y4')).toBe('3');
  });

  it('accepts every code built with its check character', () => {
    fc.assert(fc.property(body17, (b) => isValidUscc(completeUscc(b))));
  });

  it('rejects every single-character change of a valid code', () => {
    fc.assert(
      fc.property(body17, fc.nat(17), char, (b, pos, replacement) => {
        const valid = completeUscc(b);
        fc.pre(valid[pos] !== replacement);
        const mutated = valid.slice(0, pos) + replacement + valid.slice(pos + 1);
        return !isValidUscc(mutated);
      }),
      { numRuns: 2000 },
    );
  });

  it('rejects letters outside the alphabet, wrong lengths and lower case before normalising', () => {
    expect(isValidUscc('91350100M000100Y4')).toBe(false);
    expect(isValidUscc('91350100M000100Y433')).toBe(false);
    expect(isValidUscc('91350100I000100Y43')).toBe(false);
    expect(isValidUscc('91350100m000100y43')).toBe(false);
    expect(isValidUscc(normaliseUscc(' 91350100m000100y43 '))).toBe(true);
  });
});
