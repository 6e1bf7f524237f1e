/**
 * Instants read through drizzle's `execute` arrive as PostgreSQL's text ("2026-11-28 10:00:00.123+08"), through
 * the pool as Dates: either becomes a Date here.
 */
export function asDate(v: Date | string): Date {
  if (v instanceof Date) return v;
  return new Date(v.replace(' ', 'T').replace(/([+-]\d{2})$/, '$1:00'));
}

export function isoOrNull(v: Date | string | null): string | null {
  return v === null ? null : asDate(v).toISOString();
}
