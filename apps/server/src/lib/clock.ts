/** Time source; tests pass a controllable one to check idle timeouts and lockouts. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export function manualClock(start = new Date()) {
  let now = start.getTime();
  const clock = (() => new Date(now)) as Clock & { advance(ms: number): void; set(d: Date): void };
  clock.advance = (ms: number) => {
    now += ms;
  };
  clock.set = (d: Date) => {
    now = d.getTime();
  };
  return clock;
}
