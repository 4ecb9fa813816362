export * from './connection';
export { acquireDataDirLock, describeLockOwner, type LockOwner, readLockOwner } from './data-dir-lock';
export { DatabaseError } from './errors';
export { findMigrationsFolder } from './migrations';
export * as schema from './schema';
export * from './schema';
