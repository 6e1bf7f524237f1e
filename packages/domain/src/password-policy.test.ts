import { describe, expect, it } from 'vitest';
import { checkPassword, defaultStaffPolicy, isPasswordExpired, memberPasswordPolicy } from './password-policy';

describe('staff password policy', () => {
  it.each([
    ['Tongxing@2026', 'city', []],
    ['short1A', 'x', ['password.length']],
    ['alllowercase', 'x', ['password.classes']],
    ['lowercase123', 'x', ['password.classes']],
    ['lowercase123!', 'x', []],
    ['Xinbei2026', 'xinbei2026', ['password.username']],
  ])('%s for %s → %o', (pw, user, problems) => expect(checkPassword(pw, user, defaultStaffPolicy)).toEqual(problems));

  it('expires only when configured', () => {
    const changed = new Date('2026-01-01T00:00:00Z');
    const later = new Date('2026-06-01T00:00:00Z');
    expect(isPasswordExpired(changed, later, defaultStaffPolicy)).toBe(false);
    expect(isPasswordExpired(changed, later, { ...defaultStaffPolicy, expiryDays: 90 })).toBe(true);
    expect(isPasswordExpired(changed, later, { ...defaultStaffPolicy, expiryDays: 180 })).toBe(false);
  });
});

describe('member password policy', () => {
  it.each([
    ['abc12345', []],
    ['ABCD1234', []],
    ['abcdefgh', ['password.letterDigit']],
    ['12345678', ['password.letterDigit']],
    ['ab12', ['password.length']],
    ['13912345678', ['password.letterDigit', 'password.username']],
  ])('%s → %o', (pw, problems) => expect(checkPassword(pw, '13912345678', memberPasswordPolicy)).toEqual(problems));
});
