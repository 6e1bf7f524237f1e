import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appI18n } from './app-i18n';
import { dictionaries } from './i18n-resources';

/**
 * Every literal key the web app asks for — `t('a.b')`, a menu's `label: 'a.b'` — exists in both languages,
 * and both languages hold the same keys. A missing key shows its raw name on screen, so it fails here.
 */
const srcDir = path.resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [file] : [];
  });
}

function flatten(value: unknown, prefix = '', into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) into.add(prefix);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, into);
  } else into.add(prefix);
  return into;
}

function merged(lang: 'zh-CN' | 'en'): Set<string> {
  const keys = new Set<string>();
  for (const d of dictionaries) flatten(d[lang], '', keys);
  // Chinese has no plural forms: `days` there is `days_one` / `days_other` in English.
  return new Set([...keys].map((k) => k.replace(/_(one|other)$/, '')));
}


describe('web translations', () => {
  const zh = merged('zh-CN');
  const en = merged('en');

  it('loads the app dictionary among the others', () => {
    expect(dictionaries).toContain(appI18n);
  });

  it('has the same keys in Chinese and English', () => {
    expect([...zh].filter((k) => !en.has(k))).toEqual([]);
    expect([...en].filter((k) => !zh.has(k))).toEqual([]);
  });

  it('has every literal key the pages use', () => {
    const used = new Map<string, string>();
    const patterns = [/\bt\(\s*'([A-Za-z][\w.-]*)'/g, /\blabel:\s*'([a-z][\w-]*\.[\w.-]+)'/g, /\bi18nKey="([A-Za-z][\w.-]*)"/g];
    for (const file of sourceFiles(srcDir)) {
      const text = readFileSync(file, 'utf8');
      for (const re of patterns) for (const m of text.matchAll(re)) used.set(m[1]!, path.relative(srcDir, file));
    }
    expect(used.size).toBeGreaterThan(500);
    const missing = [...used].filter(([key]) => !zh.has(key) || !en.has(key)).map(([key, file]) => `${key} (${file})`);
    expect(missing).toEqual([]);
  });
});
