export { type AgentryConfig, loadConfig } from './config';
export { AppError, type AppErrorCode } from './errors';
export { createRuntime, getRuntime, type Runtime, type RuntimeOptions } from './runtime';
export {
  createAgent,
  createAgentInput,
  deleteAgent,
  duplicateAgent,
  EMPTY_GRAPH,
  getAgent,
  listAgents,
  listAgentsInput,
  listVersions,
  renameAgent,
  slugify,
  updateAgentDetails,
  UUID,
} from './services/agents';
export {
  API_KEY_SCOPES,
  type ApiKeyOptions,
  type ApiKeyScope,
  authenticateApiKey,
  type AuthenticatedKey,
  createApiKey,
  createApiKeyFor,
  createApiKeyInput,
  forgetApiKeys,
  listApiKeys,
  revokeApiKey,
  revokeKeysCreatedBy,
} from './services/api-keys';
export {
  accountInput,
  type Actor,
  createOwner,
  createSession,
  deleteSession,
  ensureAdminFromConfig,
  isInitialised,
  requireRole,
  resolveSession,
  type Role,
  SESSION_TTL_MS,
  signInInput,
  verifyCredentials,
} from './services/auth';
export {
  allowedHostsSchema,
  createCredential,
  createCredentialInput,
  credentialProviders,
  type CredentialSummary,
  deleteCredential,
  listCredentials,
  renameCredential,
  renameCredentialInput,
  resolveCredential,
  SECRET_UNREADABLE,
  setCredentialHosts,
  setCredentialHostsInput,
  credentialPricesSchema,
  MAX_PRICE_USD,
  MAX_PRICED_MODELS,
  modelPriceSchema,
  setCredentialPrices,
  setCredentialPricesInput,
} from './services/credentials';
export {
  addMember,
  addMemberInput,
  listMembers,
  listWorkspaces,
  removeMember,
  workspaceOwnerActor,
} from './services/members';
export { createSecretBox, loadSecretMaterial, type SecretBox } from './security/secret-box';
export { digest, newToken } from './security/tokens';
export {
  diffVersions,
  getVersion,
  publishAgent,
  restoreVersion,
  saveDraft,
  saveDraftInput,
} from './services/agent-versions';
export {
  type AgentGraph,
  currentAgentGraph,
  draftAgentGraph,
  findWorkspaceAgent,
  publishedAgentGraph,
  publishedGraphOfAgent,
  publishedVersion,
  type PublishedVersion,
  publishedVersionGraph,
} from './services/agent-graphs';
export {
  createEngineContext,
  databaseConversationStorage,
} from './services/engine-context';
export {
  environmentCredential,
  providerFetch,
  providerNetworkPolicy,
} from './services/provider-access';
export { diffGraphs, type GraphChange } from '@agentry/engine/graph';
export {
  type CheckedGraph,
  checkGraph,
  MAX_GRAPH_BYTES,
  parseGraphFile,
  serializeGraph,
} from './services/graph-files';
export {
  executeRun,
  type PreparedRun,
  type PreparedStart,
  prepareRun,
  queuedEvents,
  type RunSource,
  type StartedRun,
  startRun,
  type StartRunRequest,
} from './services/runs';
export {
  type ChatRequest,
  chatRequestSchema,
  chatResponse,
  chatStreamMapping,
  type ChatTarget,
  MAX_MESSAGE_CHARS,
  splitChatMessages,
  STREAM_HEADERS,
} from './services/chat';
export {
  conversationMessages,
  getRun,
  listConversations,
  listRuns,
  modelsByNode,
  pageInput,
  rerun,
} from './services/run-history';
export { type RecoveryReport, recoverRuns } from './services/run-recovery';
export { runJournal } from './services/run-journal';
export { USAGE_FLUSH_MS, usageWrites } from './services/usage-writes';
export type {
  LatencyPercentiles,
  UsageCsv,
  UsageRange,
  UsageRow,
  UsageSummary,
  UsageTotals,
} from './services/usage-types';
export { type EvalRunRequest, type EvalRunTarget, runAgentEval } from './services/eval-runs';
export {
  type EvalResultRow,
  type EvalRunStatus,
  type EvalRunSummary,
  recoverEvalRuns,
} from './services/eval-run-rows';
export type { EvalChange, EvalCompareRow, EvalPassRate } from './services/eval-compare';
export type { EvalPublishCheck } from './services/eval-publish-check';
export type { EvalSettings } from './services/eval-settings';
export type { StoredEvalCase } from './services/eval-cases';
export {
  type CopilotAuthor,
  type CopilotMessage,
  type CopilotProposal,
  MAX_COPILOT_MESSAGES,
} from './services/copilot-messages';
export {
  type CopilotModelSettings,
  type CopilotSettingsView,
  copilotLabel,
  getCopilotSettings,
  setCopilotSettings,
} from './services/copilot-settings';
export {
  COPILOT_TURNS_PER_MINUTE,
  type CopilotBy,
  type CopilotFailureCode,
  type CopilotStreamLine,
  type CopilotTurn,
  MAX_COPILOT_BODY_BYTES,
  startCopilotTurn,
} from './services/copilot-turn';
export { startApprovalTimeouts } from './services/approval-timeouts';
export {
  removeTriggerSchedule,
  startTriggerScheduler,
  syncTriggerSchedule,
  type TriggerScheduler,
} from './services/trigger-scheduler';
export { type RunStatus, getRunStatus } from './services/run-status';
export { loadResumableRun, type ResumeBody, resumeRun } from './services/run-resume';
export { runEventsFromStart } from './services/run-stream';
// The Redis queue (bullmq, ioredis) is `@agentry/api/queue`: servers without REDIS_URL never load it.
export type { QueueNames, RunQueue } from './queue/run-queue';
export { createWorkerCodeRunner } from './sandbox/worker-code-runner';
export {
  type AgentTemplate,
  agentTemplates,
  type AgentTemplateSummary,
  createAgentFromTemplate,
  createFromTemplateInput,
  getTemplate,
  listTemplates,
  starterGraph,
  type TemplateTrigger,
} from './services/templates';
export {
  type CredentialTestResult,
  testCredential,
  testCredentialInput,
} from './services/credential-test';
export {
  addDocuments,
  addText,
  addTextInput,
  checkIncomingFile,
  checkZipArchive,
  CHUNK_BATCH,
  createDatabaseKnowledge,
  createKnowledgeBase,
  createKnowledgeBaseInput,
  createKnowledgeRetriever,
  createQaAgent,
  createThreadExtractor,
  deleteKnowledgeBase,
  detectFileType,
  documentChunks,
  EMBEDDING_BATCH,
  embeddingModelName,
  type EmbeddingSettings,
  embeddingSettingsSchema,
  embedTexts,
  extractDocumentBlocks,
  EXTRACTION_HEAP_MB,
  EXTRACTION_STEP_TIMEOUT_MS,
  EXTRACTION_TOTAL_MEMORY_MB,
  formatBytes,
  fullTextSearch,
  type FusedChunk,
  fuseRankings,
  getKnowledgeBase,
  type IncomingFile,
  ingestionQueue,
  IngestionQueue,
  type IngestionQueueOptions,
  interruptedReason,
  knowledgeBaseDetail,
  type KnowledgeDocumentSummary,
  KnowledgeFileError,
  type KnowledgeFileErrorCode,
  type KnowledgeFileType,
  knowledgeQaGraph,
  type KnowledgeSearchResult,
  listDocuments,
  listKnowledgeBases,
  MAX_COMPRESSION_RATIO,
  MAX_FILE_BYTES,
  MAX_FILES_PER_UPLOAD,
  MAX_PASTED_CHARS,
  MAX_PROCESSING_ATTEMPTS,
  MAX_UNPACKED_BYTES,
  MAX_UPLOAD_BYTES,
  MAX_ZIP_ENTRIES,
  MIME_TYPES,
  PROCESS_TIMEOUT_MS,
  processDocument,
  type ProcessOptions,
  type ProcessOutcome,
  type RankedChunk,
  readEmbeddingSettings,
  type RefusedFile,
  removeDocument,
  renameKnowledgeBase,
  reprocessDocument,
  searchKnowledgeBase,
  searchKnowledgeInput,
  searchModeOf,
  type SearchModeStatus,
  setKnowledgeBaseEmbedding,
  storageQuotaBytes,
  storageUsage,
  type StorageUsage,
  SUPPORTED_EXTENSIONS,
  type ThreadExtractorOptions,
  toOrQuery,
  vectorStatus,
  type VectorStatus,
  type ZipLimits,
  type ZipSummary,
} from './knowledge';
export {
  embedLimitsSchema,
  type EmbedSettings,
  embedSettingsSchema,
  getEmbedSettings,
  isOriginAllowed,
  normalizeOrigin,
  parseEmbedSettings,
  updateEmbedSettings,
  updateEmbedSettingsInput,
  WIDGET_LANGUAGES,
  widgetConfig,
  type WidgetConfig,
  type WidgetLanguage,
} from './services/embed-settings';
export {
  findWidgetConversation,
  getPublicConversation,
  getPublicWidgetConfig,
  loadPublicAgent,
  openVisitorConversation,
  type PublicAgent,
  type PublicChatRequest,
  publicChatResponse,
  requireAllowedOrigin,
  settlingDailyTokens,
  visitorStreamMapping,
} from './services/public-chat';
export {
  type ChatCompletionRequest,
  chatCompletionRequestSchema,
  chatCompletionResponse,
  type CompletionTarget,
  listAgentModels,
  toRunInput,
} from './services/openai-compatible';
export { type RateLimitResult, SlidingWindowLimiter } from './rate-limit';
