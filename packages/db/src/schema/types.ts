import { customType } from 'drizzle-orm/pg-core';

/** PostgreSQL ltree (contrib): materialised tree path of unit ids, e.g. `1.4.37`, GiST-indexed. */
export const ltree = customType<{ data: string; driverData: string }>({
  dataType() {
    return 'ltree';
  },
});

/** Encrypted personal data (AES-256-GCM envelope, see the server's crypto lib). */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({
  dataType() {
    return 'bytea';
  },
});
