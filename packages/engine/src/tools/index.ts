export {
  findBlockedReason,
  isAllowedHost,
  isIPLiteral,
  parseLooseIPv4,
  resolveAllowedAddress,
  AddressBlockedError,
} from './address-guard';
export type { AddressGuardOptions, HostLookup, ResolvedAddress } from './address-guard';
export { evaluateExpression, MAX_EXPRESSION_LENGTH } from './calculator';
export { CalculatorError, type CalculatorErrorCode } from './calculator-error';
export {
  runSandboxedCode,
  type SandboxOptions,
  type SandboxResult,
  sandboxMemoryStats,
} from './code-sandbox';
export { createGuardedFetch, OutboundAddressError } from './guarded-fetch';
export { hostPatternProblem } from './host-patterns';
export { getCurrentTime, InvalidTimeZoneError, type CurrentTime } from './current-time';
export { safeFetch, type SafeFetchInit, type SafeFetchOptions, type SafeFetchResponse } from './http-request';
export {
  HttpRequestError,
  type HttpRequestErrorCode,
  RequestTimeoutError,
  RequestTooLargeError,
  TooManyRedirectsError,
} from './http-request-errors';
export { SandboxError, type SandboxErrorCode } from './sandbox-error';
export {
  createThreadCodeRunner,
  defaultCodeThreadLimits,
  defaultSandboxThreadScript,
  type ThreadCodeRunner,
  type ThreadCodeRunnerOptions,
} from './thread-code-runner';
export type { CodeThreadLimits } from './code-thread-slots';
