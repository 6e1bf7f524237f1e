import http from 'node:http';

/**
 * Requests one after another over a single kept-alive connection, as one person's browser tab sends
 * them: each latency is the full round trip (request written → whole body read) as the client sees it.
 */
export class SequentialClient {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  private readonly base: URL;

  constructor(baseUrl: string, private readonly headers: Record<string, string>) {
    this.base = new URL(baseUrl);
  }

  get(path: string): Promise<{ ms: number; status: number; body: unknown }> {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const req = http.request(
        { host: this.base.hostname, port: this.base.port, path, method: 'GET', agent: this.agent, headers: this.headers },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - started;
            const text = Buffer.concat(chunks).toString('utf8');
            let body: unknown = text;
            try {
              body = JSON.parse(text);
            } catch {
              // Not JSON: kept as text for the error message.
            }
            resolve({ ms, status: res.statusCode ?? 0, body });
          });
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

export interface Percentiles {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of a sample, in milliseconds. */
export function percentiles(values: number[]): Percentiles {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.max(0, Math.ceil(p * s.length) - 1)] ?? 0;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? 0, mean: s.reduce((a, b) => a + b, 0) / Math.max(s.length, 1) };
}

export async function login(baseUrl: string, username: string, password: string): Promise<Record<string, string>> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200) throw new Error(`login as ${username} answered ${res.status}: ${await res.text()}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] ?? '')
    .find((c) => c.startsWith('tx_session='));
  if (!cookie) throw new Error('login set no tx_session cookie');
  return { cookie };
}
