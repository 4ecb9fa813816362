export * from './agents';
export * from './auth';
export * from './runs';
export * from './knowledge';
export * from './triggers';
export * from './evals';
export * from './usage';
export * from './copilot';
