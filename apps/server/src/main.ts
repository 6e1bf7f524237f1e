import { demoAccounts, DEMO_PASSWORD } from '@tongxing/db/seed/demo';
import { buildApp } from './app';
import { prepare } from './bootstrap';
import { demoPortalLogin } from './demo/demo-members';
import { loadConfig } from './config';

async function main() {
  const config = loadConfig();
  const started = Date.now();
  const say = (line: string) => process.stdout.write(`${line}\n`);
  say(config.DATABASE_URL ? '[tongxing] using the database at DATABASE_URL' : `[tongxing] starting the embedded PostgreSQL in ${config.dataDir}/pg …`);
  const { database, deps, seeded } = await prepare(config);
  const app = await buildApp(deps);
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    say(`\n[tongxing] ${signal}: stopping …`);
    await app.close().catch(() => undefined);
    await database.close().catch(() => undefined);
    say('[tongxing] stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));

  await app.listen({ port: config.PORT, host: config.HOST });
  const url = `http://localhost:${config.PORT}`;
  say('');
  say(`  同行 Tongxing is running: ${url}   (API docs: ${url}/api/docs)   ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (seeded) say('  Demo data was loaded into the empty database.');
  if (config.DEMO) {
    say(`  Demo accounts (password ${DEMO_PASSWORD}):`);
    for (const a of demoAccounts) say(`    ${a.username.padEnd(10)} ${a.zh} / ${a.en}`);
    const member = await demoPortalLogin(deps.pool, deps.crypto);
    if (member) say(`    ${member.phone} 会员门户（手机号登录）：${member.name}，${member.orgName} / member portal (sign in with the phone)`);
  }
  say('  Press Ctrl-C to stop.');
}

main().catch((err) => {
  process.stderr.write(`[tongxing] failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
