export interface PasswordPolicy {
  minLength: number;
  minClasses: number;
  /** Days after which a password must be changed; 0 = never. */
  expiryDays: number;
}

export const defaultStaffPolicy: PasswordPolicy = { minLength: 8, minClasses: 3, expiryDays: 0 };

export type PasswordProblem = 'password.length' | 'password.classes' | 'password.username';

export function characterClasses(password: string): number {
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/];
  return classes.filter((re) => re.test(password)).length;
}

export function checkPassword(password: string, username: string, policy: PasswordPolicy): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if ([...password].length < policy.minLength) problems.push('password.length');
  if (characterClasses(password) < policy.minClasses) problems.push('password.classes');
  if (username && password.toLowerCase() === username.toLowerCase()) problems.push('password.username');
  return problems;
}

export function isPasswordExpired(changedAt: Date, now: Date, policy: PasswordPolicy): boolean {
  if (policy.expiryDays <= 0) return false;
  return now.getTime() - changedAt.getTime() > policy.expiryDays * 86_400_000;
}
