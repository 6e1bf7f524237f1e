import os from 'node:os';
import type { ComparisonResult, Side } from './compare.ts';
import type { LoadSettings } from './load.ts';

export interface ReportContext {
  bench: string;
  /** Lines describing what was measured (request, data, scope), printed above the table. */
  about: string[];
  sides: Side[];
  settings: LoadSettings & { rounds: number };
  /** Extra facts that go into the JSON line as they are. */
  details: Record<string, unknown>;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const round3 = (n: number) => Math.round(n * 1000) / 1000;
const cpu = (ms: number | null) => (ms === null ? 'n/a' : ms.toFixed(3));
const cpuJson = (ms: number | null) => (ms === null ? null : round3(ms));

function row(cells: (string | number)[], widths: number[]): string {
  return cells.map((c, i) => (i < 2 ? String(c).padEnd(widths[i]!) : String(c).padStart(widths[i]!))).join('  ');
}

export function machine() {
  const cpus = os.cpus();
  return { node: process.version, cpus: cpus.length, cpuModel: cpus[0]?.model.trim() ?? 'unknown', platform: `${os.platform()} ${os.release()}` };
}

/** A table for people, then one JSON line (starting with `{"bench":`) for scripts. */
export function printComparison(ctx: ReportContext, result: ComparisonResult, out: (line: string) => void = (l) => process.stdout.write(`${l}\n`)) {
  const { connections, warmupSeconds, durationSeconds, rounds } = ctx.settings;
  const m = machine();
  const [a, b] = ctx.sides;
  out('');
  out(`== ${ctx.bench} ==`);
  for (const line of ctx.about) out(`  ${line}`);
  for (const side of ctx.sides) out(`  ${side.key.padEnd(5)} ${side.title}`);
  out(`  load: autocannon, ${connections} connections, ${warmupSeconds} s warm-up + ${durationSeconds} s measured per run, runs alternate ${ctx.sides.map((s) => s.key).join(', ')} × ${rounds} round${rounds === 1 ? '' : 's'}`);
  out(`  machine: ${m.cpus} × ${m.cpuModel}, Node ${m.node}; every server runs in its own process, one at a time`);
  const { before, after } = result.loadAverage;
  const busy = Math.max(before, after) > m.cpus * 0.75;
  out(`  load average (1 min): ${before.toFixed(2)} before, ${after.toFixed(2)} after${busy ? '  ← the machine was busy with other work: figures are noisy' : ''}`);
  out(`  cpu ms/req: CPU time of the server process per request (framework cost, without the database's)`);
  out('');

  const widths = [6, 5, 9, 8, 9, 8, 8, 11, 9, 11];
  out(row(['round', 'side', 'req/s', 'p50 ms', 'p97.5 ms', 'p99 ms', 'avg ms', 'bytes/resp', 'requests', 'cpu ms/req'], widths));
  out('-'.repeat(widths.reduce((s, w) => s + w + 2, -2)));
  for (const r of result.rounds) {
    const f = r.figures;
    out(row([r.round, r.side, f.requestsPerSecond.toFixed(1), f.latencyMs.p50, f.latencyMs.p97_5, f.latencyMs.p99, f.latencyMs.average.toFixed(2), f.bytesPerResponse, f.requests, cpu(f.serverCpuMsPerRequest)], widths));
  }
  out('-'.repeat(widths.reduce((s, w) => s + w + 2, -2)));
  for (const side of ctx.sides) {
    const s = result.summary[side.key]!;
    out(row(['mean', side.key, s.requestsPerSecond.toFixed(1), round1(s.latencyMs.p50), round1(s.latencyMs.p97_5), round1(s.latencyMs.p99), '', s.bytesPerResponse, s.requests, cpu(s.serverCpuMsPerRequest)], widths));
  }
  out('');
  const r = result.ratio;
  out(`  ${r.of} throughput: ${r.throughput.toFixed(3)}  (${a!.key} serves ${(r.throughput * 100).toFixed(1)}% of ${b!.key}'s requests/s)`);
  out(`  ${r.of} latency:    p50 ×${r.p50.toFixed(2)}, p97.5 ×${r.p97_5.toFixed(2)}, p99 ×${r.p99.toFixed(2)}`);
  if (r.serverCpu !== null) out(`  ${r.of} server CPU per request: ×${r.serverCpu.toFixed(2)}`);
  out('');

  const sideJson = (key: string) => {
    const s = result.summary[key]!;
    return {
      rps: round1(s.requestsPerSecond),
      p50: round1(s.latencyMs.p50),
      p97_5: round1(s.latencyMs.p97_5),
      p99: round1(s.latencyMs.p99),
      bytesPerResponse: s.bytesPerResponse,
      requests: s.requests,
      cpuMsPerRequest: cpuJson(s.serverCpuMsPerRequest),
    };
  };
  out(
    JSON.stringify({
      bench: ctx.bench,
      at: new Date().toISOString(),
      settings: ctx.settings,
      machine: m,
      ...ctx.details,
      loadAverage: { before: round1(result.loadAverage.before), after: round1(result.loadAverage.after) },
      verification: result.verification,
      [a!.key]: sideJson(a!.key),
      [b!.key]: sideJson(b!.key),
      ratio: { of: r.of, throughput: round3(r.throughput), p50: round3(r.p50), p97_5: round3(r.p97_5), p99: round3(r.p99), serverCpu: cpuJson(r.serverCpu) },
      rounds: result.rounds.map((x) => ({
        round: x.round,
        side: x.side,
        rps: round1(x.figures.requestsPerSecond),
        p50: x.figures.latencyMs.p50,
        p97_5: x.figures.latencyMs.p97_5,
        p99: x.figures.latencyMs.p99,
        cpuMsPerRequest: cpuJson(x.figures.serverCpuMsPerRequest),
      })),
    }),
  );
}
