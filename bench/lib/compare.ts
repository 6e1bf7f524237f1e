import { probe, runLoad, type LoadFigures, type LoadSettings } from './load.ts';
import os from 'node:os';
import { cpuSeconds, startServer, type RunningServer, type ServerSpec } from './server-process.ts';

export interface Side {
  /** Short key used in the table and the JSON line, e.g. `app` or `bare`. */
  key: string;
  title: string;
  server: ServerSpec;
  /**
   * Signs in on this side's first start. The headers it returns go with every request to both sides,
   * so the two load runs send byte-identical requests (the baseline just ignores the cookie).
   */
  authenticate?: (baseUrl: string) => Promise<Record<string, string>>;
}

export interface ComparisonSpec {
  /** Request paths; each connection cycles through them in order, on both sides alike. */
  paths: string[];
  /** Side A (the app) first, then side B (the baseline); ratios are A/B. */
  sides: [Side, Side];
  /** What must be equal on both sides for each path, e.g. the total and the ids. */
  fingerprint(body: unknown): string;
  settings: LoadSettings & { rounds: number };
}

export interface RoundResult {
  round: number;
  side: string;
  figures: LoadFigures;
}

export interface SideSummary {
  requestsPerSecond: number;
  latencyMs: { p50: number; p97_5: number; p99: number };
  bytesPerResponse: number;
  requests: number;
  serverCpuMsPerRequest: number | null;
}

export interface ComparisonResult {
  verification: { requests: number; sample: string; identicalBodies: boolean };
  /** 1-minute load average of the machine before and after: other work running skews every figure. */
  loadAverage: { before: number; after: number };
  rounds: RoundResult[];
  summary: Record<string, SideSummary>;
  ratio: { of: string; throughput: number; p50: number; p97_5: number; p99: number; serverCpu: number | null };
}

/** JSON with sorted keys, so two bodies compare by content rather than by key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

function mean(values: number[]): number {
  return values.reduce((s, v) => s + v, 0) / Math.max(values.length, 1);
}

function summarise(runs: LoadFigures[]): SideSummary {
  return {
    requestsPerSecond: mean(runs.map((r) => r.requestsPerSecond)),
    latencyMs: {
      p50: mean(runs.map((r) => r.latencyMs.p50)),
      p97_5: mean(runs.map((r) => r.latencyMs.p97_5)),
      p99: mean(runs.map((r) => r.latencyMs.p99)),
    },
    bytesPerResponse: Math.round(mean(runs.map((r) => r.bytesPerResponse))),
    requests: runs.reduce((s, r) => s + r.requests, 0),
    serverCpuMsPerRequest: runs.every((r) => r.serverCpuMsPerRequest !== null) ? mean(runs.map((r) => r.serverCpuMsPerRequest ?? 0)) : null,
  };
}

function assertClean(side: string, what: string, f: LoadFigures) {
  if (f.non2xx > 0 || f.errors > 0) {
    throw new Error(`${side} ${what}: ${f.non2xx} non-2xx answers ${JSON.stringify(f.statusCodes)}, ${f.errors} errors (${f.timeouts} timeouts): figures are not valid`);
  }
}

/**
 * Measures two servers under the same load, one server process at a time, alternating A, B, A, B …
 * so slow drift on the machine (caches, thermal, other work) falls on both sides alike.
 * Before any measurement, each side is started once and must answer every path with 200 and the same
 * fingerprint as the other.
 */
export async function runComparison(spec: ComparisonSpec, log: (line: string) => void): Promise<ComparisonResult> {
  const [a, b] = spec.sides;
  const loadBefore = os.loadavg()[0] ?? 0;
  if (b.authenticate) throw new Error('only the first side may authenticate');
  let headers: Record<string, string> | null = null;

  const start = async (side: Side): Promise<RunningServer> => {
    const server = await startServer(side.server);
    try {
      headers ??= side.authenticate ? await side.authenticate(server.url) : {};
    } catch (err) {
      await server.stop();
      throw err;
    }
    return server;
  };
  const withServer = async <T>(side: Side, work: (server: RunningServer, h: Record<string, string>) => Promise<T>): Promise<T> => {
    const server = await start(side);
    try {
      return await work(server, headers ?? {});
    } finally {
      await server.stop();
    }
  };

  const answers: Record<string, { fingerprint: string; body: string }[]> = {};
  for (const side of spec.sides) {
    answers[side.key] = await withServer(side, async (server, h) => {
      const out: { fingerprint: string; body: string }[] = [];
      for (const path of spec.paths) {
        const res = await probe(server.url, path, h);
        if (res.status !== 200) throw new Error(`${side.key} answered ${res.status} to GET ${path}: ${JSON.stringify(res.body).slice(0, 400)}`);
        out.push({ fingerprint: spec.fingerprint(res.body), body: canonical(res.body) });
      }
      return out;
    });
  }
  const [fa, fb] = [answers[a.key]!, answers[b.key]!];
  spec.paths.forEach((path, i) => {
    if (fa[i]!.fingerprint !== fb[i]!.fingerprint) {
      throw new Error(`the two sides disagree on GET ${path}:\n  ${a.key}: ${fa[i]!.fingerprint}\n  ${b.key}: ${fb[i]!.fingerprint}`);
    }
  });
  const verification = {
    requests: spec.paths.length,
    sample: fa[0]!.fingerprint,
    identicalBodies: fa.every((x, i) => x.body === fb[i]!.body),
  };
  log(`[bench] verified: both sides answer 200 with the same total and ids on all ${spec.paths.length} request paths; bodies identical: ${verification.identicalBodies ? 'yes' : 'no'}`);

  const { connections, warmupSeconds, durationSeconds, rounds } = spec.settings;
  const results: RoundResult[] = [];
  for (let round = 1; round <= rounds; round++) {
    for (const side of spec.sides) {
      const figures = await withServer(side, async (server, h) => {
        if (warmupSeconds > 0) assertClean(side.key, `round ${round} warm-up`, await runLoad(server.url, spec.paths, h, connections, warmupSeconds));
        const measured = await runLoad(server.url, spec.paths, h, connections, durationSeconds, () => cpuSeconds(server.pid));
        assertClean(side.key, `round ${round}`, measured);
        return measured;
      });
      results.push({ round, side: side.key, figures });
      log(`[bench] round ${round}/${rounds} ${side.key.padEnd(5)} ${figures.requestsPerSecond.toFixed(1)} req/s, p50 ${figures.latencyMs.p50} ms`);
    }
  }

  const summary = Object.fromEntries(spec.sides.map((s) => [s.key, summarise(results.filter((r) => r.side === s.key).map((r) => r.figures))]));
  const sa = summary[a.key]!;
  const sb = summary[b.key]!;
  return {
    verification,
    loadAverage: { before: loadBefore, after: os.loadavg()[0] ?? 0 },
    rounds: results,
    summary,
    ratio: {
      of: `${a.key}/${b.key}`,
      throughput: sa.requestsPerSecond / sb.requestsPerSecond,
      p50: sa.latencyMs.p50 / sb.latencyMs.p50,
      p97_5: sa.latencyMs.p97_5 / sb.latencyMs.p97_5,
      p99: sa.latencyMs.p99 / sb.latencyMs.p99,
      serverCpu: sa.serverCpuMsPerRequest !== null && sb.serverCpuMsPerRequest !== null ? sa.serverCpuMsPerRequest / sb.serverCpuMsPerRequest : null,
    },
  };
}
