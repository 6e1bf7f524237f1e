export * from './uscc';
export * from './org-kinds';
export * from './password-policy';
export * from './scope';
