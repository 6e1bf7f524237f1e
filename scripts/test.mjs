#!/usr/bin/env node
/**
 * `npm test`: typecheck, lint, unit and integration tests (real PostgreSQL: embedded, or DATABASE_URL),
 * the log scan, and the browser tests. Ends with one line: `N passed, N failed`.
 * `--no-e2e` skips the browser tests (used by CI's second pass against the machine's PostgreSQL).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureWebBuilt } from './web-build.mjs';

const args = new Set(process.argv.slice(2));
const out = path.resolve('.test-output');
let passed = 0;
let failed = 0;
const report = [];

function run(cmd, argv, { capture = false, env = {} } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit', env: { ...process.env, ...env } });
    let text = '';
    if (capture) {
      child.stdout.on('data', (chunk) => {
        text += chunk;
        process.stdout.write(chunk);
      });
    }
    child.on('close', (code) => resolve({ code: code ?? 1, text }));
  });
}

function step(name, ok, detail = '') {
  report.push(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
}

function count(ok) {
  if (ok) passed++;
  else failed++;
}

function banner(title) {
  process.stdout.write(`\n━━ ${title} ━━\n`);
}

rmSync(path.join(out, 'logs'), { recursive: true, force: true });
rmSync(path.join(out, 'secrets'), { recursive: true, force: true });
mkdirSync(path.join(out, 'logs'), { recursive: true });
mkdirSync(path.join(out, 'secrets'), { recursive: true });

banner('typecheck');
const tc = await run('npm', ['run', '-s', 'typecheck']);
count(tc.code === 0);
step('typecheck', tc.code === 0);

banner('lint');
const lint = await run('npm', ['run', '-s', 'lint']);
count(lint.code === 0);
step('lint', lint.code === 0);

banner(`unit + integration tests (${process.env.DATABASE_URL ? 'DATABASE_URL' : 'embedded PostgreSQL'})`);
const jsonFile = path.join(out, 'vitest.json');
rmSync(jsonFile, { force: true });
const vt = await run('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${jsonFile}`]);
if (existsSync(jsonFile)) {
  const r = JSON.parse(readFileSync(jsonFile, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests + (r.numFailedTestSuites > 0 && r.numFailedTests === 0 ? r.numFailedTestSuites : 0);
  step('vitest', vt.code === 0, `${r.numPassedTests} passed, ${r.numFailedTests} failed in ${r.numTotalTestSuites} suites`);
  if (vt.code !== 0 && r.numFailedTests === 0 && r.numFailedTestSuites === 0) failed++;
} else {
  failed++;
  step('vitest', false, 'no result file (the run crashed)');
}

if (!args.has('--no-e2e')) {
  banner('browser tests (headless Chromium)');
  if (!ensureWebBuilt()) {
    failed++;
    step('web build', false);
  }
  const e2e = await run('npx', ['tsx', 'e2e/run.ts'], { capture: true });
  const m = e2e.text.match(/E2E_RESULT (\{.*\})/);
  if (m) {
    const r = JSON.parse(m[1]);
    passed += r.passed;
    failed += r.failed;
    step('browser', e2e.code === 0 && r.failed === 0, `${r.passed} passed, ${r.failed} failed`);
  } else {
    failed++;
    step('browser', false, 'no E2E_RESULT line (the run crashed)');
  }
}

banner('log scan');
const scan = await run('npx', ['tsx', 'scripts/scan-logs.ts']);
count(scan.code === 0);
step('no secrets or personal numbers in the logs', scan.code === 0);

process.stdout.write(`\n${report.join('\n')}\n\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
