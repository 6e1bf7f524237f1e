import { describe, expect, it } from 'vitest';
import { FieldCrypto, maskPhone, safeEqual } from './crypto';
import { redact } from './audit';
import { scrubUrl, serializeError } from '../logger';

const crypto = new FieldCrypto(Buffer.alloc(32, 1));

describe('field encryption', () => {
  it('round-trips and never produces the same ciphertext twice', () => {
    const a = crypto.encrypt('13812345678');
    const b = crypto.encrypt('13812345678');
    expect(a.equals(b)).toBe(false);
    expect(crypto.decrypt(a)).toBe('13812345678');
    expect(a.includes(Buffer.from('13812345678'))).toBe(false);
  });

  it('refuses a tampered ciphertext', () => {
    const blob = crypto.encrypt('320402199001011234');
    blob[blob.length - 1] = (blob[blob.length - 1] ?? 0) ^ 1;
    expect(() => crypto.decrypt(blob)).toThrow();
  });

  it('keyed lookup hashes are stable, keyed and separated by purpose', () => {
    expect(crypto.lookupHash('phone', '13812345678')).toBe(crypto.lookupHash('phone', '13812345678'));
    expect(crypto.lookupHash('phone', '13812345678')).not.toBe(crypto.lookupHash('id', '13812345678'));
    expect(new FieldCrypto(Buffer.alloc(32, 2)).lookupHash('phone', '13812345678')).not.toBe(crypto.lookupHash('phone', '13812345678'));
  });

  it('masks phones and compares in constant time', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

describe('what reaches logs and the audit log', () => {
  it('audit before/after drop secrets and personal numbers', () => {
    expect(redact({ name: 'x', passwordHash: 'h', phone: '13812345678', nested: { totpSecretEnc: 'a', idNumber: '1' } })).toEqual({
      name: 'x',
      passwordHash: '[redacted]',
      phone: '[personal]',
      nested: { totpSecretEnc: '[redacted]', idNumber: '[personal]' },
    });
  });

  it('logged URLs keep parameter names only', () => {
    expect(scrubUrl('/api/v1/members?q=13812345678&page=2')).toBe('/api/v1/members?q=…&page=…');
    expect(scrubUrl('/api/v1/orgs')).toBe('/api/v1/orgs');
  });

  it('logged errors drop query parameters', () => {
    const err = new Error('Failed query: select 1 where phone = $1\nparams: 13812345678');
    expect(JSON.stringify(serializeError(err))).not.toContain('13812345678');
  });
});
