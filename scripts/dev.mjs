#!/usr/bin/env node
/**
 * Development: the API server (tsx watch, port 3000 or $PORT) and the Vite dev server (port 5173 or
 * $WEB_PORT, proxying /api to the API) side by side. Ctrl-C stops both; if one exits, the other is stopped.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const apiPort = process.env.PORT ?? process.env.API_PORT ?? '3000';
const webPort = process.env.WEB_PORT ?? '5173';

function resolveBin(pkg, bin, from) {
  const require = createRequire(path.join(from, 'package.json'));
  const pkgJson = require.resolve(`${pkg}/package.json`);
  return path.join(path.dirname(pkgJson), bin);
}

const tsxCli = resolveBin('tsx', 'dist/cli.mjs', root);
const viteCli = resolveBin('vite', 'bin/vite.js', path.join(root, 'apps/web'));

const children = [];
let stopping = false;

function run(name, colour, args, options) {
  const child = spawn(process.execPath, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
  const prefix = `\x1b[${colour}m[${name}]\x1b[0m `;
  const relay = (stream, out) => {
    let pending = '';
    stream.on('data', (chunk) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) out.write(prefix + line + '\n');
    });
    stream.on('end', () => pending && out.write(prefix + pending + '\n'));
  };
  relay(child.stdout, process.stdout);
  relay(child.stderr, process.stderr);
  child.on('exit', (code, signal) => {
    process.stdout.write(`${prefix}exited (${signal ?? code})\n`);
    const index = children.indexOf(child);
    if (index >= 0) children.splice(index, 1);
    if (!stopping) stop(code ?? 1);
    else if (children.length === 0) process.exit(0);
  });
  children.push(child);
  return child;
}

function stop(exitCode = 0) {
  if (stopping) return;
  stopping = true;
  // SIGINT lets the server shut the embedded PostgreSQL down cleanly.
  for (const child of children) child.kill('SIGINT');
  setTimeout(() => {
    for (const child of children) child.kill('SIGKILL');
    process.exit(exitCode);
  }, 10_000).unref();
  if (children.length === 0) process.exit(exitCode);
}

process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

run('api', '36', [tsxCli, 'watch', '--clear-screen=false', 'apps/server/src/main.ts'], {
  cwd: root,
  env: { ...process.env, PORT: apiPort },
});
run('web', '35', [viteCli, '--port', webPort, '--strictPort'], {
  cwd: path.join(root, 'apps/web'),
  env: { ...process.env, API_PORT: apiPort },
});

process.stdout.write(`\n  API  http://localhost:${apiPort}\n  Web  http://localhost:${webPort}  (open this one while developing)\n  Ctrl-C stops both.\n\n`);
