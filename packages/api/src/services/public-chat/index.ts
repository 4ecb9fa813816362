// The public (widget) chat by concern: the published agent and its widget config, a visitor's
// conversations, the limits of a turn, and the turn itself.
export { publicChatResponse, type PublicChatRequest, visitorStreamMapping } from './chat-turn';
export {
  findWidgetConversation,
  getPublicConversation,
  openVisitorConversation,
} from './conversations';
export { settlingDailyTokens } from './limits';
export { getPublicWidgetConfig, loadPublicAgent, type PublicAgent } from './public-agent';
export { requireAllowedOrigin } from '../public-origin';
