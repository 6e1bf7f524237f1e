import type pg from 'pg';
import type { Db } from '@tongxing/db';
import type { Config } from './config';
import type { Clock } from './lib/clock';
import type { FieldCrypto } from './lib/crypto';
import type { SmsProvider } from './lib/sms';

/** Everything a module needs from outside, passed explicitly (no container). */
export interface AppDeps {
  config: Config;
  db: Db;
  pool: pg.Pool;
  clock: Clock;
  crypto: FieldCrypto;
  sms: SmsProvider;
}
