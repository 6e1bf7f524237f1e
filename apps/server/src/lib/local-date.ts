const format = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The federation's calendar day (YYYY-MM-DD) of an instant, whatever the server's time zone. */
export function shanghaiDate(now: Date): string {
  return format.format(now);
}
