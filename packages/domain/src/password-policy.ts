export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
  /** Days after which a password must be changed; 0 = never. */
  expiryDays: number;
  /** Members' rule: at least one letter and one digit, whatever the classes count. */
  requireLetterAndDigit?: boolean;
}

export const defaultStaffPolicy: PasswordPolicy = { minLength: 8, minClasses: 3, expiryDays: 0 };

/**
 * Members set their portal password on a phone keyboard: 8 characters with letters and digits, no class
 * count and no expiry (a forgotten one is reset by SMS code).
 */
export const memberPasswordPolicy: PasswordPolicy = { minLength: 8, minClasses: 1, expiryDays: 0, requireLetterAndDigit: true };

export type PasswordProblem = 'password.length' | 'password.classes' | 'password.letterDigit' | 'password.username';

export function characterClasses(password: string): number {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/];
  return classes.filter((re) => re.test(password)).length;
}

export function checkPassword(password: string, username: string, policy: PasswordPolicy): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < policy.minLength) problems.push('password.length');
  if (characterClasses(password) < policy.minClasses) problems.push('password.classes');
  if (policy.requireLetterAndDigit && !(/[A-Za-z]/.test(password) && /\d/.test(password))) problems.push('password.letterDigit');
  if (username && password.toLowerCase() === username.toLowerCase()) problems.push('password.username');
  return problems;
}

export function isPasswordExpired(changedAt: Date, now: Date, policy: PasswordPolicy): boolean {
  if (policy.expiryDays <= 0) return false;
  return now.getTime() - changedAt.getTime() > policy.expiryDays * 86_400_000;
}
