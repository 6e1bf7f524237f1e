/**
 * Builds the web app when its output is missing or older than any of its sources (the web app and the
 * shared packages it imports), so `npm start` and `npm test` always serve what the code says.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const sources = ['apps/web/src', 'apps/web/index.html', 'apps/web/vite.config.ts', 'apps/web/public', 'packages/contracts/src', 'packages/domain/src'];
const output = 'apps/web/dist/index.html';

function newest(p) {
  if (!existsSync(p)) return 0;
  const st = statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...readdirSync(p).map((f) => newest(path.join(p, f))));
}

export function webIsStale() {
  if (!existsSync(output)) return true;
  return Math.max(...sources.map(newest)) > statSync(output).mtimeMs;
}

export function ensureWebBuilt({ force = false } = {}) {
  if (!force && !webIsStale()) return true;
  process.stdout.write('[tongxing] building the web app …\n');
  const r = spawnSync('npm', ['run', '-s', 'build', '-w', '@tongxing/web'], { stdio: 'inherit' });
  return r.status === 0;
}
