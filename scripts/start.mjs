#!/usr/bin/env node
// `npm start`: build the web app if needed, then run the server (which starts the embedded database).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { ensureWebBuilt } from './web-build.mjs';

if (!ensureWebBuilt()) {
  process.stderr.write('[tongxing] the web build failed\n');
  process.exit(1);
}
const require = createRequire(import.meta.url);
const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'apps/server/src/main.ts'], { stdio: 'inherit' });
// Ctrl-C reaches the whole process group; the server shuts down in order. Forward signals sent to us alone.
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
