export * from './client';
export * from './migrate';
export * from './embedded';
export * as schema from './schema/index';
export * from './schema/index';
