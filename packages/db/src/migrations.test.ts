import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { migrationsFolder } from './migrate';

const require = createRequire(import.meta.url);

describe('migrations', () => {
  it('agree with the schema: drizzle-kit generates nothing new', () => {
    // drizzle-kit reads `out` relative to the working directory, so the copy lives inside the repository.
    mkdirSync('.test-output', { recursive: true });
    const tmp = path.relative(process.cwd(), mkdtempSync(path.join('.test-output', 'migrations-check-')));
    try {
      cpSync(migrationsFolder, tmp, { recursive: true });
      const before = readdirSync(tmp).sort();
      const run = spawnSync(process.execPath, [path.join(path.dirname(require.resolve('drizzle-kit')), 'bin.cjs'), 'generate', '--config', 'packages/db/drizzle.config.ts'], {
        env: { ...process.env, DRIZZLE_OUT: tmp },
        encoding: 'utf8',
      });
      const out = `${run.stdout}${run.stderr}`;
      expect(run.status, out).toBe(0);
      expect(readdirSync(tmp).sort(), out).toEqual(before);
      expect(out).toContain('No schema changes');
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }, 60_000);

  it('are numbered without gaps and each is in the journal', () => {
    const files = readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort();
    files.forEach((f, i) => expect(f.startsWith(String(i).padStart(4, '0'))).toBe(true));
  });
});
