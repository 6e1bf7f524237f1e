import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no'])
  .transform((v) => v === '1' || v === 'true' || v === 'yes');
const int = (def: number, min: number, max: number) => z.coerce.number().int().min(min).max(max).default(def);

/** Every setting comes from the environment and is checked here, once, at start. */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().default('./data'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional()
    .or(z.literal('').transform(() => undefined)),
  DEMO: bool.default(true),
  /** Base64 of 32 random bytes; encrypts personal data and second-factor secrets. */
  DATA_KEY: z.string().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FILE: z.string().optional(),
  DB_POOL_SIZE: int(20, 2, 500),
  SESSION_IDLE_MINUTES: int(30, 1, 24 * 60),
  SESSION_ABSOLUTE_HOURS: int(12, 1, 24 * 30),
  LOCKOUT_ATTEMPTS: int(5, 1, 100),
  LOCKOUT_MINUTES: int(15, 1, 24 * 60),
  PASSWORD_MIN_LENGTH: int(8, 6, 128),
  PASSWORD_MIN_CLASSES: int(3, 1, 4),
  PASSWORD_EXPIRY_DAYS: int(0, 0, 3650),
  /** `auto`: Secure cookies when the request arrived over HTTPS (directly or through TRUST_PROXY). */
  COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  TRUST_PROXY: bool.default(false),
  LOGIN_RATE_LIMIT: int(30, 1, 100000),
  API_RATE_LIMIT: int(1200, 10, 10_000_000),
  /** When set, /metrics asks for `Authorization: Bearer <token>`. */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Where SMS go: `outbox` keeps them in the database (development and demo); real gateways come later. */
  SMS_PROVIDER: z.enum(['outbox']).default('outbox'),
  /** One-time SMS codes: lifetime, wrong tries per code, and how often a phone or an IP may ask. */
  OTP_TTL_MINUTES: int(5, 1, 60),
  OTP_MAX_ATTEMPTS: int(5, 1, 20),
  OTP_RESEND_SECONDS: int(60, 0, 3600),
  OTP_PHONE_DAILY_LIMIT: int(10, 1, 1000),
  OTP_IP_HOURLY_LIMIT: int(20, 1, 100000),
  /** A revoked partner merchant may sign again only this many years after its revocation. */
  MERCHANT_BAN_YEARS: int(3, 0, 20),
});

export type Config = z.infer<typeof configSchema> & { dataDir: string };

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const cfg = parsed.data;
  if (cfg.NODE_ENV === 'production' && cfg.DATABASE_URL && !cfg.DATA_KEY) {
    throw new Error('Invalid configuration:\n  DATA_KEY: required in production with an external DATABASE_URL');
  }
  return { ...cfg, dataDir: path.resolve(cfg.DATA_DIR) };
}

export function passwordPolicy(cfg: Config) {
  return {
    minLength: cfg.PASSWORD_MIN_LENGTH,
    minClasses: cfg.PASSWORD_MIN_CLASSES,
    expiryDays: cfg.PASSWORD_EXPIRY_DAYS,
  };
}
