import { migrateDatabase, openDatabase, type Database } from '@tongxing/db';
import { ensureBuiltinRoles } from '@tongxing/db/seed/builtin-roles';
import { isEmpty, seedDemo } from '@tongxing/db/seed/demo';
import type { Config } from './config';
import type { AppDeps } from './deps';
import { systemClock, type Clock } from './lib/clock';
import { shanghaiDate } from './lib/local-date';
import { FieldCrypto, loadMasterKey } from './lib/crypto';
import { seedDemoCardTransactions } from './demo/demo-card-transactions';
import { seedDemoCards } from './demo/demo-cards';
import { seedDemoLoans } from './demo/demo-loans';
import { seedDemoMembers } from './demo/demo-members';
import { seedDemoMerchants } from './demo/demo-merchants';
import { createSmsProvider } from './lib/sms';

/** Opens (or starts) the database, migrates it, keeps the built-in roles current, seeds demo data when asked. */
export async function prepare(config: Config, opts: { log?: (line: string) => void; clock?: Clock } = {}) {
  const database: Database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.dataDir,
    poolSize: config.DB_POOL_SIZE,
    log: opts.log,
  });
  try {
    await migrateDatabase(database.pool);
    await database.db.transaction((tx) => ensureBuiltinRoles(tx));
    const crypto = new FieldCrypto(await loadMasterKey(config.DATA_KEY, config.dataDir));
    let seeded = false;
    if (config.DEMO && (await isEmpty(database.db))) {
      await seedDemo(database.db);
      // Members carry sealed numbers, so they need the data key: seeded here rather than in packages/db.
      await seedDemoMembers(database.pool, crypto);
      // Loans go to demo members, so after them; dated back from today (Asia/Shanghai) to look current.
      await seedDemoLoans(database.pool, { today: shanghaiDate((opts.clock ?? systemClock)()) });
      // Cards go to demo members too; the same seeding day.
      await seedDemoCards(database.pool, crypto, { today: shanghaiDate((opts.clock ?? systemClock)()) });
      // Partner merchants with their agreements, quotas and the demo partners' API keys; the same seeding day.
      await seedDemoMerchants(database.pool, crypto, { today: shanghaiDate((opts.clock ?? systemClock)()) });
      // A year of card transactions at those merchants, priced by the partner API's rules; the same seeding day.
      await seedDemoCardTransactions(database.pool, { today: shanghaiDate((opts.clock ?? systemClock)()) });
      seeded = true;
    }
    const clock = opts.clock ?? systemClock;
    const sms = createSmsProvider(config, database.db, crypto, clock);
    const deps: AppDeps = { config, db: database.db, pool: database.pool, clock, crypto, sms };
    return { database, deps, seeded };
  } catch (err) {
    await database.close();
    throw err;
  }
}
