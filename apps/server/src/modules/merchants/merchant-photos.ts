import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Merchant photos live under DATA_DIR/uploads/merchants/<merchant id>/; the database keeps the relative path. */
const FOLDER = path.join('uploads', 'merchants');

export async function storeMerchantPhoto(dataDir: string, merchantId: number, n: number, ext: string, data: Buffer) {
  const rel = path.join(FOLDER, String(merchantId), `${n}-${randomUUID()}.${ext}`);
  const file = path.join(dataDir, rel);
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, data, { mode: 0o600 });
  return { storedFile: rel, sha256: createHash('sha256').update(data).digest('hex') };
}

export async function discardMerchantPhoto(dataDir: string, rel: string) {
  await rm(path.join(dataDir, rel), { force: true }).catch(() => undefined);
}

/** Reads a stored photo; only paths under the merchants' folder are ever opened. */
export async function readMerchantPhoto(dataDir: string, rel: string): Promise<Buffer | null> {
  const root = path.resolve(dataDir, FOLDER);
  const file = path.resolve(dataDir, rel);
  if (!file.startsWith(root + path.sep)) return null;
  return readFile(file).catch(() => null);
}
