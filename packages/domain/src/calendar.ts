/** Calendar dates as 'YYYY-MM-DD' strings (the federation's local dates), with no time zone to shift them. */
export function parseDate(d: string): { y: number; m: number; day: number } {
  const [y, m, day] = d.split('-').map(Number);
  return { y: y ?? 0, m: m ?? 0, day: day ?? 0 };
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function formatDate(y: number, m: number, day: number): string {
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/**
 * The date `months` months after `start`, on the same day of the month or the month's last day when it is
 * shorter (31 Jan + 1 month = 28/29 Feb). Always counted from the start, so periods do not drift.
 */
export function addMonths(start: string, months: number): string {
  const { y, m, day } = parseDate(start);
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = (total % 12) + 1;
  return formatDate(ny, nm, Math.min(day, daysInMonth(ny, nm)));
}

export function daysBetween(from: string, to: string): number {
  const a = parseDate(from);
  const b = parseDate(to);
  return Math.round((Date.UTC(b.y, b.m - 1, b.day) - Date.UTC(a.y, a.m - 1, a.day)) / 86_400_000);
}

export function isValidDate(d: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) return false;
  const { y, m, day } = parseDate(d);
  return m >= 1 && m <= 12 && day >= 1 && day <= daysInMonth(y, m);
}
