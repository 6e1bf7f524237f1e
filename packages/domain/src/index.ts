export * from './uscc';
export * from './org-kinds';
export * from './password-policy';
export * from './scope';
export * from './id-number';
export * from './person-name';
export * from './dictionaries';
export * from './transfer-workflow';
