export function offsetOf(page: number, pageSize: number): number {
  return (page - 1) * pageSize;
}

/** Escapes LIKE wildcards in user input. */
export function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
