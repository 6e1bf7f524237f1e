/** The small protocol between a bench server process and the harness: "ready on port N", then SIGTERM. */
export interface ReadyMessage {
  type: 'ready';
  port: number;
}

export function announceReady(port: number): void {
  const message: ReadyMessage = { type: 'ready', port };
  process.send?.(message);
}

export function closeOnSignal(close: () => Promise<void>): void {
  let closing = false;
  const stop = () => {
    if (closing) return;
    closing = true;
    close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // The harness went away without stopping us: do not linger.
  process.on('disconnect', stop);
}

export function failStart(err: unknown): never {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}

export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}
