/**
 * The widget's words in English: every other language's file has the same keys (a test checks), and a key
 * a language lacks is looked up here. `{name}` is filled in. An empty text means "the server's own words":
 * the `e_…` keys name the public API's error codes, which other languages say in their own words.
 */
export const en = {
  /** Text direction of the language. */
  dir: 'ltr',
  openChat: 'Open chat',
  openChatNamed: 'Open chat: {title}',
  closeChat: 'Close chat',
  readAloud: 'Read answers aloud',
  reset: 'Start a new conversation',
  log: 'Conversation',
  starters: 'Suggested questions',
  message: 'Message',
  speak: 'Speak your message',
  attach: 'Attach files',
  attached: 'Attached files',
  send: 'Send message',
  you: 'You: ',
  bot: '{title}: ',
  assistant: 'Assistant',
  newConversation: 'New conversation',
  retry: 'Retry',
  reasoning: 'Reasoning',
  question: 'Question',
  teamReview: 'Someone from the team will review this.',
  required: '"{label}" is required.',
  chose: 'You chose: {label}',
  remove: 'Remove {name}',
  maxFiles: 'At most 10 files per message.',
  tooLarge: 'Larger than {mb} MB.',
  uploading: 'uploading…',
  offline: 'Could not reach the assistant. Check your connection and try again.',
  http: 'The assistant answered with an error ({status}).',
  dropped: 'The connection dropped before the answer was complete.',
  // The Embed tab's defaults: a widget left at them says them in the visitor's language.
  title: 'Chat with us',
  placeholder: 'Type your message…',
  welcome: 'Hi! How can I help you today?',
  e_forbidden: '',
  e_not_found: '',
  e_gone: '',
  e_rate_limited: '',
  e_too_large: '',
  e_bad_request: '',
  e_internal: '',
  e_run: '',
};

/** The keys of the widget's words. */
export type WordKey = keyof typeof en;
/** A language's words: every key English has. */
export type Words = Record<WordKey, string>;
