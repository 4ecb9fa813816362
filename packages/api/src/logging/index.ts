export { rememberConfigSecrets } from './config-secrets';
export {
  createLogger,
  engineLogger,
  LOG_LEVELS,
  type Logger,
  type LoggerOptions,
  type LogLevel,
} from './logger';
export { configureLogging, logger, loggingConfigured, useLogger } from './process-logger';
export { REDACT_PATHS, REDACTED, rememberSecret, serializeError } from './redaction';
export {
  currentRequestContext,
  REQUEST_ID_HEADER,
  type RequestContext,
  requestIdFor,
  runWithRequestContext,
} from './request-context';
