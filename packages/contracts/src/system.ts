import { z } from 'zod';

/** What anyone may know before signing in: the platform and the federation it serves. */
export const systemInfoSchema = z.object({
  platform: z.string(),
  federation: z.object({ name: z.string(), shortName: z.string().nullable() }).nullable(),
  /** Demo mode: the login page may list the demo accounts (never in production). */
  demo: z
    .object({
      password: z.string(),
      accounts: z.array(z.object({ username: z.string(), zh: z.string(), en: z.string() })),
    })
    .nullable(),
  version: z.string(),
});
export type SystemInfo = z.infer<typeof systemInfoSchema>;
