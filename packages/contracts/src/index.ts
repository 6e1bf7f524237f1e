export * from './errors';
export * from './permissions';
export * from './common';
export * from './orgs';
export * from './auth';
export * from './users';
export * from './roles';
export * from './audit';
