import { pinyin } from 'pinyin-pro';

/**
 * Pinyin of a Chinese name for search: the full syllables run together (`zhangsan`) and the initials
 * (`zs`). The surname mode reads 单, 曾, 解 … as surnames (shan, zeng, xie). Non-Chinese characters pass
 * through lower-cased, so "Li Na" and "李娜" both find "lina".
 */
export function namePinyin(name: string): { full: string; initials: string } {
  const syllables = pinyin(name, { toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .map((s) => s.toLowerCase().replace(/[^a-z0-9]/g, ''))
    .filter(Boolean);
  return { full: syllables.join(''), initials: syllables.map((s) => s[0]).join('') };
}

/** Does a search text look like pinyin (letters only) rather than characters or digits? */
export function looksLikePinyin(q: string): boolean {
  return /^[a-zA-Z]+$/.test(q);
}
