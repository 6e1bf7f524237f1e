export * from './orgs';
export * from './accounts';
export * from './audit';
export * from './members';
export * from './loans';
export * from './cards';
export * from './card-partner-api';
export * from './loan-rollups';
