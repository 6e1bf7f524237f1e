/**
 * `npm run bench -- <name> [options]`. A benchmark is one file exporting `run(args)` and `usage`,
 * plus one line below.
 */
interface Benchmark {
  run(args: string[]): Promise<void>;
  usage: string[];
}

const benchmarks: Record<string, { about: string; load: () => Promise<Benchmark> }> = {
  'scoped-list': { about: 'a district cadre lists the units of its scope over HTTP: the app against bare Fastify + pg', load: () => import('./scoped-list.ts') },
  loans: { about: 'programme dashboard, overdue list and queues p50/p95/p99 over 30,000 loans and 300,000 repayments', load: () => import('./loans.ts') },
  cards: { about: 'partner API ingest (signed batches) vs COPY, rate dashboards p50/p95/p99 vs plain aggregates over 1,000,000 cards and 20,000,000 transactions', load: () => import('./cards.ts') },
  members: { about: 'member search p50/p95/p99 over 1,500,000 members (district and city cadre), subtree counts, import vs COPY', load: () => import('./members.ts') },
};

function list(out: (line: string) => void) {
  out('usage: npm run bench -- <name> [options]   (--help after a name for its options)');
  out('');
  out('benchmarks:');
  for (const [name, b] of Object.entries(benchmarks)) out(`  ${name.padEnd(14)} ${b.about}`);
  out('');
  out('Data lives in an embedded PostgreSQL under .bench-data/, or in database tongxing_bench on the server of DATABASE_URL when it is set.');
}

async function main(): Promise<number> {
  const [name, ...args] = process.argv.slice(2);
  const entry = name ? benchmarks[name] : undefined;
  if (!entry) {
    if (name && name !== '--help' && name !== 'help') process.stderr.write(`unknown benchmark: ${name}\n\n`);
    list((line) => process.stdout.write(`${line}\n`));
    return name && name !== '--help' && name !== 'help' ? 2 : 0;
  }
  const bench = await entry.load();
  await bench.run(args);
  return 0;
}

// Exit explicitly once done: a stray handle in a benchmark's servers or pools must not hold the run open.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
