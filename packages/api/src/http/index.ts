export { handleAgentChat } from './agent-chat';
export { type ApiCaller, authenticateRequest } from './authenticate';
export { errorResponse, readJsonBody, toErrorResponse } from './errors';
