import autocannon from 'autocannon';

export interface LoadSettings {
  connections: number;
  warmupSeconds: number;
  durationSeconds: number;
}

export interface LoadFigures {
  requestsPerSecond: number;
  requests: number;
  seconds: number;
  latencyMs: { p50: number; p97_5: number; p99: number; average: number; max: number };
  bytesPerResponse: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** CPU time the server process spent per completed request (null when it cannot be read). */
  serverCpuMsPerRequest: number | null;
}

/** One autocannon run over `paths` (each connection cycles through them in order), every request with `headers`. */
export async function runLoad(
  baseUrl: string,
  paths: string[],
  headers: Record<string, string>,
  connections: number,
  seconds: number,
  serverCpu: () => number | null = () => null,
): Promise<LoadFigures> {
  const cpuBefore = serverCpu();
  const result = await autocannon({
    url: baseUrl,
    connections,
    duration: seconds,
    pipelining: 1,
    headers,
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  const cpuAfter = serverCpu();
  const { latency, requests, throughput } = result;
  return {
    requestsPerSecond: requests.average,
    requests: requests.total,
    seconds: result.duration,
    latencyMs: { p50: latency.p50, p97_5: latency.p97_5, p99: latency.p99, average: latency.average, max: latency.max },
    bytesPerResponse: requests.total > 0 ? Math.round(throughput.total / requests.total) : 0,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count])),
    serverCpuMsPerRequest: cpuBefore !== null && cpuAfter !== null && requests.total > 0 ? ((cpuAfter - cpuBefore) * 1000) / requests.total : null,
  };
}

export interface Probe {
  status: number;
  body: unknown;
}

export async function probe(baseUrl: string, path: string, headers: Record<string, string>): Promise<Probe> {
  const res = await fetch(baseUrl + path, { headers });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: keep the text for the error message.
  }
  return { status: res.status, body };
}
