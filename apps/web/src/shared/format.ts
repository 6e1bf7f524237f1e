import dayjs from 'dayjs';

export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return dayjs(value).format('YYYY-MM-DD HH:mm:ss');
}

export function formatDateTimeShort(value: string | null | undefined): string {
  if (!value) return '—';
  return dayjs(value).format('YYYY-MM-DD HH:mm');
}

export function orDash(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? '—' : String(value);
}

export function formatNumber(value: number, lang: string): string {
  return new Intl.NumberFormat(lang === 'en' ? 'en-US' : 'zh-CN').format(value);
}
