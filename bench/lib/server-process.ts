import { fork } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ReadyMessage } from '../servers/child.ts';
import { BENCH_DIR, REPO_ROOT } from './bench-db.ts';

export interface ServerSpec {
  /** Short name, also the log file's: `.bench-data/logs/<label>.log`. */
  label: string;
  /** Entry file of the server, run with `node --import tsx`. */
  entry: string;
  env: Record<string, string>;
  /** Extra node flags, e.g. `--cpu-prof` (NODE_OPTIONS refuses it). */
  nodeArgs?: string[];
}

export interface RunningServer {
  url: string;
  pid: number;
  stop(): Promise<void>;
}

/**
 * CPU seconds (user + system) the process has used so far, from /proc; null where there is no /proc.
 * The server's own CPU per request tells framework overhead apart from time spent in the database.
 */
export function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15 of the whole line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? ticks / CLOCK_TICKS : null;
  } catch {
    return null;
  }
}
// USER_HZ is 100 on every Linux architecture Node runs on.
const CLOCK_TICKS = 100;

const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

function tail(file: string, lines = 20): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/**
 * Starts a server in its own process (never in the load generator's) and waits for its "ready" message.
 * Its output goes to a log file, so the harness spends no CPU relaying it.
 */
export async function startServer(spec: ServerSpec): Promise<RunningServer> {
  const logDir = path.join(BENCH_DIR, 'logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${spec.label}.log`);
  const fd = openSync(logFile, 'w');
  const env: NodeJS.ProcessEnv = { ...process.env, ...spec.env };
  const child = fork(spec.entry, [], { cwd: REPO_ROOT, execArgv: [...(spec.nodeArgs ?? []), '--import', 'tsx'], env, stdio: ['ignore', fd, fd, 'ipc'] });
  closeSync(fd);

  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), STOP_TIMEOUT_MS)));
    if ((await Promise.race([exited, late])) === 'late') {
      child.kill('SIGKILL');
      await exited;
    }
    clearTimeout(timer);
  };

  try {
    const port = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${spec.label} was not ready after ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
      child.on('message', (m: ReadyMessage) => {
        if (m?.type !== 'ready') return;
        clearTimeout(timer);
        resolve(m.port);
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${spec.label} exited (${code ?? signal}) before it was ready; ${logFile}:\n${tail(logFile)}`));
      });
    });
    return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A database's backends on this machine (their process titles name the database), for their CPU time;
 * empty when the database server is elsewhere.
 */
export function databaseBackends(database: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(`${database} `)) pids.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return pids;
}

/** The CPU seconds the processes have used so far, together. */
export const cpuOf = (pids: number[]) => pids.reduce((s, p) => s + (cpuSeconds(p) ?? 0), 0);
