import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';

const VERSION = 1;

/**
 * Field encryption for personal data and second-factor secrets: AES-256-GCM with a random 96-bit IV,
 * stored as version ‖ iv ‖ tag ‖ ciphertext. Lookups use a keyed hash (HMAC-SHA256) kept beside the
 * ciphertext, derived from the same master key with a different HKDF label.
 */
export class FieldCrypto {
  private readonly encKey: Buffer;
  private readonly macKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('DATA_KEY must be 32 bytes');
    this.encKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tongxing/enc/v1', 32));
    this.macKey = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'tongxing/mac/v1', 32));
  }

  encrypt(plain: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.encKey, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
  }

  decrypt(blob: Buffer): string {
    if (blob[0] !== VERSION) throw new Error('unknown ciphertext version');
    const iv = blob.subarray(1, 13);
    const tag = blob.subarray(13, 29);
    const decipher = createDecipheriv('aes-256-gcm', this.encKey, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(blob.subarray(29)), decipher.final()]).toString('utf8');
  }

  /** Keyed hash for exact lookup and uniqueness; `purpose` keeps hashes of different fields apart. */
  lookupHash(purpose: string, value: string): string {
    return createHmac('sha256', this.macKey).update(purpose).update('\0').update(value).digest('hex');
  }
}

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/**
 * The master key: DATA_KEY from the environment, or a key generated once into `<dataDir>/keys/data.key`
 * (mode 0600) so an embedded installation keeps reading what it wrote.
 */
export async function loadMasterKey(dataKey: string | undefined, dataDir: string): Promise<Buffer> {
  if (dataKey) {
    const key = Buffer.from(dataKey, 'base64');
    if (key.length !== 32) throw new Error('DATA_KEY must be the base64 of exactly 32 bytes');
    return key;
  }
  const dir = path.join(dataDir, 'keys');
  const file = path.join(dir, 'data.key');
  try {
    await stat(file);
  } catch {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await writeFile(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' }).catch((err) => {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    });
  }
  await chmod(file, 0o600);
  const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (key.length !== 32) throw new Error(`${file} does not hold a 32-byte key`);
  return key;
}

export function maskPhone(phone: string): string {
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}
