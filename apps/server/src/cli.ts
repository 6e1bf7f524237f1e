import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { migrateDatabase, openDatabase, orgUnits, roles, userRoles, users, auditLog } from '@tongxing/db';
import { ensureBuiltinRoles } from '@tongxing/db/seed/builtin-roles';
import { isEmpty, seedDemo } from '@tongxing/db/seed/demo';
import { checkPassword } from '@tongxing/domain';
import { loadConfig, passwordPolicy } from './config';
import { FieldCrypto, loadMasterKey } from './lib/crypto';
import { hashPassword } from './lib/password';
import { seedDemoCardTransactions } from './demo/demo-card-transactions';
import { seedDemoCards } from './demo/demo-cards';
import { seedDemoLoans } from './demo/demo-loans';
import { seedDemoMembers } from './demo/demo-members';
import { seedDemoMerchants } from './demo/demo-merchants';
import { verifyChain } from './modules/audit/audit.repository';

const usage = `Usage: npm run tongxing -- <command>

  migrate                       apply pending database migrations
  seed --demo                   load the demo data into an empty database
  create-admin --username U --password P [--name N] [--role system_admin|security_admin|audit_admin]
                                create an administrator (and the city federation if the tree is empty:
                                --city-name, default 市总工会)
  audit verify                  check the audit log's hash chain; exit code 1 at the first broken link

Uses DATABASE_URL when set, otherwise the embedded database under DATA_DIR (default ./data).`;

async function withDb<T>(work: (d: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.dataDir, poolSize: 4 });
  try {
    await migrateDatabase(database.pool);
    await database.db.transaction((tx) => ensureBuiltinRoles(tx));
    return await work(database);
  } finally {
    await database.close();
  }
}

async function main(argv: string[]) {
  const [command, sub] = argv;
  const { values } = parseArgs({
    args: argv.slice(command === 'audit' ? 2 : 1),
    options: {
      demo: { type: 'boolean' },
      username: { type: 'string' },
      password: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string', default: 'system_admin' },
      'city-name': { type: 'string', default: '市总工会' },
      help: { type: 'boolean', short: 'h' },
    },
    allowPositionals: true,
  });
  if (!command || values.help) return console.log(usage);

  if (command === 'migrate') {
    await withDb(async () => console.log('Migrations applied.'));
    return;
  }
  if (command === 'seed') {
    if (!values.demo) throw new Error('seed needs --demo (the only data set there is)');
    await withDb(async ({ db, pool }) => {
      if (!(await isEmpty(db))) {
        console.log('The database already holds units; demo data is only loaded into an empty one.');
        return;
      }
      const ids = await seedDemo(db);
      // The members' numbers are sealed with the data key, as at start-up (bootstrap.ts).
      const config = loadConfig();
      const crypto = new FieldCrypto(await loadMasterKey(config.DATA_KEY, config.dataDir));
      const members = await seedDemoMembers(pool, crypto);
      const loans = await seedDemoLoans(pool);
      const cards = await seedDemoCards(pool, crypto);
      const merchants = await seedDemoMerchants(pool, crypto);
      const txns = await seedDemoCardTransactions(pool);
      console.log(`Demo data loaded: ${ids.size} units, the demo accounts, ${members.members} members, ${loans.loans} loans, ${cards.cards} cards, ${merchants.merchants} partner merchants and ${txns.purchases + txns.refunds} card transactions.`);
    });
    return;
  }
  if (command === 'create-admin') {
    const { username, password } = values;
    if (!username || !password) throw new Error('create-admin needs --username and --password');
    const role = values.role ?? 'system_admin';
    if (!['system_admin', 'security_admin', 'audit_admin'].includes(role)) throw new Error(`unknown administrator role ${role}`);
    const config = loadConfig();
    const problems = checkPassword(password, username, passwordPolicy(config));
    if (problems.length > 0) throw new Error(`the password does not meet the policy: ${problems.join(', ')}`);
    const passwordHash = await hashPassword(password);
    await withDb(async ({ db }) => {
      await db.transaction(async (tx) => {
        let [root] = await tx.select({ id: orgUnits.id }).from(orgUnits).where(sql`${orgUnits.kind} = 'city_federation'`);
        if (!root) {
          const res = await tx.execute<{ id: number }>(sql`select nextval(pg_get_serial_sequence('org_units', 'id'))::int as id`);
          const id = Number(res.rows[0]!.id);
          await tx.insert(orgUnits).values({ id, path: String(id), depth: 0, kind: 'city_federation', name: values['city-name'] ?? '市总工会' });
          root = { id };
          console.log(`Created the city federation (id ${id}).`);
        }
        const taken = await tx.select({ id: users.id }).from(users).where(sql`lower(${users.username}) = lower(${username})`);
        if (taken.length > 0) throw new Error(`the username ${username} is taken`);
        const [u] = await tx
          .insert(users)
          .values({ kind: 'staff', username, displayName: values.name ?? username, orgId: root.id, passwordHash, mustChangePassword: true })
          .returning({ id: users.id });
        const [r] = await tx.select({ id: roles.id }).from(roles).where(sql`${roles.code} = ${role}`);
        await tx.insert(userRoles).values({ userId: u!.id, roleId: r!.id });
        await tx.insert(auditLog).values({ action: 'user.create', actorUsername: 'cli', entityType: 'user', entityId: String(u!.id), after: { username, role, via: 'cli' } });
        console.log(`Created ${role} ${username} (id ${u!.id}); a new password is asked for at first sign-in.`);
      });
    });
    return;
  }
  if (command === 'audit' && sub === 'verify') {
    const result = await withDb(({ pool }) => verifyChain(pool));
    if (result.ok) {
      console.log(`Audit chain intact: ${result.checked} rows checked.`);
    } else {
      console.log(`Audit chain BROKEN at row ${result.firstBrokenId}: ${result.reason} (${result.checked} rows before it are intact).`);
      process.exitCode = 1;
    }
    return;
  }
  console.error(usage);
  process.exitCode = 2;
}

main(process.argv.slice(2)).catch((err) => {
  console.error(`tongxing: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
