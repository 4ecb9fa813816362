// Evals: test cases of an agent, the checks of their expectations, and their reports. Browser-safe (the
// Tests tab imports it): nothing reachable from here may import Node built-ins, `ai` or ajv.
export * from './case-format';
export { outcomeFromEvents, sourcesListedIn } from './outcome';
export {
  type Judge,
  JudgeError,
  type JudgeErrorCode,
  type JudgeFor,
  type JudgeRequest,
  type JudgeVerdict,
  offlineJudge,
} from './judge';
export {
  CSV_COLUMNS,
  type CaseFileProblem,
  formatCaseFile,
  type ParsedCaseFile,
  parseCaseFile,
} from './case-file';
export { toJUnitXml } from './junit';
