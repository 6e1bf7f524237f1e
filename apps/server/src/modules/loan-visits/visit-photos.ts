import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** The image types a visit photo may be, told by the file's first bytes (never by its name or declared type). */
const SIGNATURES: { mime: string; ext: string; test: (b: Buffer) => boolean }[] = [
  { mime: 'image/jpeg', ext: 'jpg', test: (b) => b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { mime: 'image/png', ext: 'png', test: (b) => b.length > 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { mime: 'image/webp', ext: 'webp', test: (b) => b.length > 12 && b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP' },
];

export function sniffImage(data: Buffer): { mime: string; ext: string } | null {
  const hit = SIGNATURES.find((s) => s.test(data));
  return hit ? { mime: hit.mime, ext: hit.ext } : null;
}


/** Writes a photo under DATA_DIR/uploads/visits/<visit id>/ and returns its path relative to DATA_DIR. */
export async function storePhoto(dataDir: string, visitId: number, n: number, ext: string, data: Buffer) {
  const rel = path.join('uploads', 'visits', String(visitId), `${n}-${randomUUID()}.${ext}`);
  const file = path.join(dataDir, rel);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, data, { mode: 0o600 });
  return { storedFile: rel, sha256: createHash('sha256').update(data).digest('hex') };
}

/** Removes a stored photo whose record did not commit. */
export async function discardPhoto(dataDir: string, rel: string) {
  await rm(path.join(dataDir, rel), { force: true }).catch(() => undefined);
}

/** Reads a stored photo; only paths under the uploads folder are ever opened. */
export async function readPhoto(dataDir: string, rel: string): Promise<Buffer | null> {
  const root = path.resolve(dataDir, 'uploads', 'visits');
  const file = path.resolve(dataDir, rel);
  if (!file.startsWith(root + path.sep)) return null;
  return readFile(file).catch(() => null);
}
