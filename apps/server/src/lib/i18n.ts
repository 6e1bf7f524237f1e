import { z } from 'zod';
import { fieldMessages, type FieldMessageKey, type Lang } from '@tongxing/contracts';

const zodLocales = { 'zh-CN': z.locales.zhCN(), en: z.locales.en() };

export function pickLang(acceptLanguage: string | undefined, preferred?: Lang | null): Lang {
  if (acceptLanguage) {
    const first = acceptLanguage.split(',')[0]?.trim().toLowerCase() ?? '';
    if (first.startsWith('en')) return 'en';
    if (first.startsWith('zh')) return 'zh-CN';
  }
  return preferred ?? 'zh-CN';
}

export function isFieldMessageKey(key: string): key is FieldMessageKey {
  return Object.hasOwn(fieldMessages, key);
}

export function fieldMessage(key: FieldMessageKey, lang: Lang): string {
  return lang === 'en' ? fieldMessages[key].en : fieldMessages[key].zh;
}

/** Turns a zod issue (as carried by a validation error) into text in the request's language. */
export function localiseIssue(issue: { code: string; message?: string; path?: PropertyKey[] } & Record<string, unknown>, lang: Lang): string {
  if (issue.message && isFieldMessageKey(issue.message)) return fieldMessage(issue.message, lang);
  if (issue.code === 'unrecognized_keys') {
    const keys = (issue.keys as string[] | undefined)?.join(', ') ?? '';
    return lang === 'en' ? `Unknown field(s): ${keys}` : `不允许的字段：${keys}`;
  }
  if (issue.code === 'invalid_type' && issue.input === undefined && !('received' in issue)) {
    return lang === 'en' ? 'Required' : '必填';
  }
  try {
    const text = zodLocales[lang].localeError(issue as never);
    if (typeof text === 'string') return text;
    if (text && typeof text === 'object' && 'message' in text) return String(text.message);
  } catch {
    // fall through to the raw message
  }
  return issue.message ?? issue.code;
}
