// Evals: test cases of an agent, the checks of their expectations, and their reports. Browser-safe (the
// Tests tab imports it): nothing reachable from here may import Node built-ins.
export * from './case-format';
