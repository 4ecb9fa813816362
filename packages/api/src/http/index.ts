export { handleAgentChat } from './agent-chat';
export { handleGetAgentFile, handlePublicUploadFile, handleUploadAgentFile } from './chat-files';
export {
  handleGetAgentEmbed,
  handleGetAgentTests,
  handleReplaceAgentTests,
  handleUpdateAgentEmbed,
} from './agent-files';
export {
  handleCreateAgent,
  handleDeleteAgent,
  handleGetAgent,
  handleListAgents,
  handlePublishAgent,
  handleUpdateAgent,
} from './agents';
export {
  type ApiCaller,
  authenticateRequest,
  refuseWithoutScope,
  requireAgent,
  requireScope,
} from './authenticate';
export { addressLimitKey, stampPeerAddresses } from './client-address';
export { handleCopilotTurn } from './copilot';
export { errorResponse, readJsonBody, toErrorResponse } from './errors';
export { handleEvalCaseSchema, handleGraphSchema } from './graph-schema';
export { isAllowedHost, refuseUnknownHosts } from './host-check';
export { type HotRoute, serveHotRoutes } from './hot-routes';
export { handleKnowledgeUpload, type UploadResult } from './knowledge-upload';
export { handleMcp } from './mcp-entry';
export { handleMcpOAuthCallback, MCP_OAUTH_MESSAGE_TYPE, type McpOAuthMessage } from './mcp-oauth-callback';
export { handleMetrics } from './metrics';
export { handleChatCompletions, handleListModels } from './openai-compatible';
export {
  handlePublicChat,
  handlePublicConfig,
  handlePublicConversation,
  handlePublicPreflight,
} from './public-chat';
export { handlePublicResume, handlePublicRunStream } from './public-runs';
export {
  handleChatResumeStream,
  handleGetRun,
  handleResumeRun,
  handleRunStream,
  handleStartAgentRun,
} from './runs';
export {
  handleCreateTrigger,
  handleDeleteTrigger,
  handleGetTrigger,
  handleListTriggers,
  handleRotateTrigger,
  handleUpdateTrigger,
  handleWebhook,
} from './triggers';
