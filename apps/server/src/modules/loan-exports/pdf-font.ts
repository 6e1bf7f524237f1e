import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { create, type Font } from 'fontkit';

/**
 * The CJK font the printed forms embed (as a subset of the glyphs used, so the PDF stays small and its text
 * extractable). First choice: Noto Sans SC from the npm package, so a fresh machine prints without any system
 * font; then the fonts a Debian machine may have (the CI installs fonts-wqy-microhei). A collection (.ttc)
 * needs the PostScript name of the face inside it.
 */
export interface CjkFont {
  regular: Buffer;
  bold: Buffer;
  /** For a collection: the face to use. */
  family?: string;
  source: string;
}

export interface FontCandidate {
  regular: string;
  bold?: string;
  family?: string;
}

const require = createRequire(import.meta.url);

function packaged(file: string): string {
  try {
    return require.resolve(`@expo-google-fonts/noto-sans-sc/${file}`);
  } catch {
    return '';
  }
}

export function defaultFontCandidates(): FontCandidate[] {
  return [
    { regular: packaged('400Regular/NotoSansSC_400Regular.ttf'), bold: packaged('700Bold/NotoSansSC_700Bold.ttf') },
    { regular: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', family: 'WenQuanYiMicroHei' },
    { regular: '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc', family: 'WenQuanYiZenHei' },
    { regular: '/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc', bold: '/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc', family: 'NotoSansCJKsc-Regular' },
  ];
}

let cached: CjkFont | null = null;
const parsed = new WeakMap<CjkFont, { regular: Font; bold: Font }>();

function face(data: Buffer, family: string | undefined): Font {
  const font = create(data, family);
  if (font && 'layout' in font) return font;
  throw new Error(`the font collection has no face named ${family ?? '(none given)'}`);
}

/**
 * The font's faces parsed once and kept with it: pdfkit parses a file given as bytes again for every document,
 * which for Noto Sans SC's 30,000 glyphs is over a second per form; a parsed face (pdfkit takes fontkit fonts
 * since 0.20) is read only for the glyphs each form uses.
 */
export function parsedFaces(font: CjkFont): { regular: Font; bold: Font } {
  let faces = parsed.get(font);
  if (!faces) {
    const regular = face(font.regular, font.family);
    faces = { regular, bold: font.bold === font.regular ? regular : face(font.bold, font.family) };
    parsed.set(font, faces);
  }
  return faces;
}

/** The first candidate present on this machine, read once; null when there is none (the caller answers PDF_FONT_MISSING). */
export function loadCjkFont(candidates?: FontCandidate[]): CjkFont | null {
  const useCache = candidates === undefined;
  if (useCache && cached) return cached;
  for (const c of candidates ?? defaultFontCandidates()) {
    if (!c.regular || !existsSync(c.regular)) continue;
    const regular = readFileSync(c.regular);
    // A collection's bold face would need its own PostScript name; the regular face serves headings there.
    const bold = c.bold && existsSync(c.bold) && !c.family ? readFileSync(c.bold) : regular;
    const font: CjkFont = { regular, bold, source: c.regular, ...(c.family ? { family: c.family } : {}) };
    if (useCache) cached = font;
    return font;
  }
  return null;
}
