/** The real Tongxing app, configured only through its environment (as in production). */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../apps/server/src/app.ts';
import { prepare } from '../../apps/server/src/bootstrap.ts';
import { loadConfig } from '../../apps/server/src/config.ts';
import { announceReady, closeOnSignal, failStart } from './child.ts';

async function main() {
  const config = loadConfig(process.env);
  const { database, deps } = await prepare(config);
  const app = await buildApp(deps);
  closeOnSignal(async () => {
    await app.close();
    await database.close();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  announceReady((app.server.address() as AddressInfo).port);
}

main().catch(failStart);
