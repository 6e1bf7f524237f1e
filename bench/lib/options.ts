import path from 'node:path';
import { BENCH_DIR } from './bench-db.ts';
import type { LoadSettings } from './load.ts';

/** Options every HTTP benchmark takes, for node:util parseArgs (values are strings, checked below). */
export const loadOptions = {
  connections: { type: 'string', default: '10' },
  duration: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '3' },
  rounds: { type: 'string', default: '2' },
  pool: { type: 'string', default: '20' },
  regenerate: { type: 'boolean', default: false },
  'cpu-prof': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

export const loadOptionsHelp = [
  '--connections N   concurrent connections (default 10)',
  '--duration S      measured seconds per run (default 10)',
  '--warmup S        unmeasured warm-up seconds before each run (default 3)',
  '--rounds N        rounds; each round measures both sides, alternating (default 2)',
  '--pool N          database pool size of both servers (default 20)',
  '--regenerate      rebuild the bench data even when its marker matches',
  '--cpu-prof        write a V8 CPU profile of every server process to .bench-data/profiles/ (slows them down)',
];

export function intOption(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer from ${min} to ${max}, not ${value}`);
  return n;
}

export function loadSettingsFrom(values: { connections?: string; duration?: string; warmup?: string; rounds?: string }): LoadSettings & { rounds: number } {
  return {
    connections: intOption('connections', values.connections, 1, 1000),
    warmupSeconds: intOption('warmup', values.warmup, 0, 600),
    durationSeconds: intOption('duration', values.duration, 1, 3600),
    rounds: intOption('rounds', values.rounds, 1, 100),
  };
}

/** Node flags for the server processes: a CPU profile per process when asked. */
export function profileArgs(enabled: boolean | undefined): string[] {
  return enabled ? ['--cpu-prof', `--cpu-prof-dir=${path.join(BENCH_DIR, 'profiles')}`] : [];
}
