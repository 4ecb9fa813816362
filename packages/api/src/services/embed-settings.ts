import { agents } from '@agentry/db';
import { and, eq } from '@agentry/db/drizzle';
import { z } from 'zod';
import { AppError } from '../errors';
import { chatFileLimitsSchema } from './chat-file-types';
import type { Runtime } from '../runtime';
import { agentChanged } from './lookup-cache';
import { getAgent } from './agents';
import { type Actor, requireRole } from './auth';

const hexColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/, 'Use a colour such as #3b55e6');

/**
 * Turns what an owner typed into an origin (`scheme://host[:port]`): `https://example.com/page` becomes
 * `https://example.com`. Two wildcards are accepted: `https://*.example.com` (any subdomain) and
 * `http://localhost:*` (any port, for testing). Throws on anything else.
 */
export function normalizeOrigin(input: string): string {
  const text = input.trim().toLowerCase();
  const wildcardPort = /^(https?:\/\/[^/:]+):\*\/?$/.exec(text);
  if (wildcardPort) return `${normalizeOrigin(wildcardPort[1]!)}:*`;
  const wildcardHost = /^(https?):\/\/\*\.([^/]+?)\/?$/.exec(text);
  if (wildcardHost) return `${wildcardHost[1]}://*.${new URL(`https://${wildcardHost[2]}`).host}`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`"${input}" is not an origin such as https://example.com`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new Error(`"${input}" must start with https:// or http://`);
  return url.origin;
}

const origin = z.string().transform((value, context) => {
  try {
    return normalizeOrigin(value);
  } catch (error) {
    context.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Abuse and cost limits of an agent's public chat. */
export const embedLimitsSchema = z.object({
  /** Messages one client address may send per minute. */
  messagesPerMinutePerIp: z.number().int().min(1).max(10_000).default(20),
  /** Messages one conversation may receive per minute. */
  messagesPerMinutePerConversation: z.number().int().min(1).max(10_000).default(10),
  /** Longest message a visitor may send, in characters. */
  maxMessageChars: z.number().int().min(1).max(32_000).default(2_000),
  /** Tokens (input + output) one conversation may use before it must start over. */
  tokensPerConversation: z.number().int().min(100).max(100_000_000).default(50_000),
  /** Tokens the agent may use per day (UTC) across all public conversations. */
  tokensPerAgentPerDay: z.number().int().min(100).max(1_000_000_000).default(1_000_000),
});

/** The languages the widget speaks besides English (packages/widget/src/i18n.ts). */
export const TRANSLATED_WIDGET_LANGUAGES = ['zh-CN'] as const;
/** The languages the widget speaks; English is the settings' own fields. */
export const WIDGET_LANGUAGES = ['en', ...TRANSLATED_WIDGET_LANGUAGES] as const;
/** A language the widget speaks. */
export type WidgetLanguage = (typeof WIDGET_LANGUAGES)[number];

const welcomeMessage = z.string().trim().max(1000);
const starterPrompts = z.array(z.string().trim().min(1).max(200)).max(6);

/**
 * The welcome and starter prompts in one more language, with the English fields' limits. An empty or
 * missing one falls back to the English field.
 */
export const widgetTranslationSchema = z.object({
  welcomeMessage: welcomeMessage.default(''),
  starterPrompts: starterPrompts.default([]),
});

/** How an agent's widget looks and who may use it: `agents.embed_settings`. */
export const embedSettingsSchema = z.object({
  title: z.string().trim().min(1, 'Give the chat a title').max(80).default('Chat with us'),
  /** An https (or http) image URL; empty shows the title's first letter. */
  avatarUrl: z
    .union([z.literal(''), z.url({ protocol: /^https?$/, message: 'Use an http(s) image URL' }).max(2000)])
    .default(''),
  primaryColor: hexColor.default('#3b55e6'),
  /** Text on the primary colour (launcher, header, your messages). */
  primaryTextColor: hexColor.default('#ffffff'),
  backgroundColor: hexColor.default('#ffffff'),
  textColor: hexColor.default('#0f172a'),
  position: z.enum(['bottom-right', 'bottom-left']).default('bottom-right'),
  welcomeMessage: welcomeMessage.default('Hi! How can I help you today?'),
  starterPrompts: starterPrompts.default([]),
  placeholder: z.string().trim().max(120).default('Type your message…'),
  /** Voice input through the browser's speech recognition (hidden where it is missing). */
  voiceInput: z.boolean().default(false),
  /** Read answers aloud through speech synthesis (hidden where it is missing). */
  readAloud: z.boolean().default(false),
  /**
   * Show the model's reasoning (folded) in the widget. Off by default: it can reveal instructions and
   * half-formed thoughts, so the public route leaves it out of the stream unless the owner turns it on.
   */
  showReasoning: z.boolean().default(false),
  /**
   * The widget's language on pages that name none it speaks (the page's `lang`, or the element's, wins).
   */
  defaultLanguage: z.enum(WIDGET_LANGUAGES).default('en'),
  /** The welcome and starter prompts per language, e.g. `{ 'zh-CN': { welcomeMessage, starterPrompts } }`. */
  translations: z.partialRecord(z.enum(TRANSLATED_WIDGET_LANGUAGES), widgetTranslationSchema).default({}),
  /** Sites that may embed the agent; nothing is allowed until the owner adds one. */
  allowedOrigins: z.array(origin).max(50).default([]),
  limits: embedLimitsSchema.default(embedLimitsSchema.parse({})),
  /** Files in the chat: whether the widget offers them, the largest size and the kinds accepted. */
  files: chatFileLimitsSchema.default(chatFileLimitsSchema.parse({})),
});

/** An agent's embed settings with every default filled in. */
export type EmbedSettings = z.infer<typeof embedSettingsSchema>;
/** What the widget needs to draw itself (public: no origins, no limits). */
export type WidgetConfig = Omit<EmbedSettings, 'allowedOrigins' | 'limits'>;

/**
 * Reads stored settings, filling defaults. Fields that no longer validate (an older format) fall back to
 * their defaults one by one rather than breaking the widget.
 */
export function parseEmbedSettings(stored: unknown): EmbedSettings {
  const parsed = embedSettingsSchema.safeParse(stored ?? {});
  if (parsed.success) return parsed.data;
  const value: Record<string, unknown> = typeof stored === 'object' && stored ? { ...stored } : {};
  for (const issue of parsed.error.issues) delete value[String(issue.path[0])];
  return embedSettingsSchema.parse(value);
}

/** The public part of the settings, sent to the widget. */
export function widgetConfig(settings: EmbedSettings): WidgetConfig {
  const { allowedOrigins: _origins, limits: _limits, ...config } = settings;
  return config;
}

/** True when `requestOrigin` matches one of the allowed origins (exact, `*.` subdomain or `:*` port). */
export function isOriginAllowed(requestOrigin: string | null, allowed: readonly string[]): boolean {
  if (!requestOrigin || requestOrigin === 'null') return false;
  let url: URL;
  try {
    url = new URL(requestOrigin);
  } catch {
    return false;
  }
  const originText = url.origin;
  for (const entry of allowed) {
    if (entry === originText) return true;
    if (entry.endsWith(':*') && `${url.protocol}//${url.hostname}` === entry.slice(0, -2)) return true;
    const star = /^(https?:)\/\/\*\.(.+)$/.exec(entry);
    if (star && url.protocol === star[1] && url.host.endsWith(`.${star[2]}`)) return true;
  }
  return false;
}

/** Input for saving an agent's embed settings. */
export const updateEmbedSettingsInput = z.object({
  id: z.string().min(1).max(100),
  settings: embedSettingsSchema,
});

/** The Embed tab's data: the public id, whether a version is published, and the settings. */
export async function getEmbedSettings(runtime: Runtime, actor: Actor, agentId: string) {
  const agent = await getAgent(runtime, actor.workspaceId, agentId);
  return {
    agentId: agent.id,
    name: agent.name,
    publicId: agent.publicId,
    published: agent.publishedVersionId !== null,
    settings: parseEmbedSettings(agent.embedSettings),
  };
}

/** Saves an agent's embed settings (editors and owners). */
export async function updateEmbedSettings(
  runtime: Runtime,
  actor: Actor,
  input: z.infer<typeof updateEmbedSettingsInput>,
) {
  requireRole(actor, 'editor');
  const agent = await getAgent(runtime, actor.workspaceId, input.id);
  const settings = embedSettingsSchema.parse(input.settings);
  settings.allowedOrigins = [...new Set(settings.allowedOrigins)];
  const [row] = await runtime.db
    .update(agents)
    .set({ embedSettings: settings })
    .where(and(eq(agents.id, agent.id), eq(agents.workspaceId, actor.workspaceId)))
    .returning({ publicId: agents.publicId });
  if (!row) throw new AppError('not_found', 'No such agent in this workspace.');
  agentChanged(runtime, { id: agent.id, publicId: row.publicId });
  return {
    agentId: agent.id,
    name: agent.name,
    publicId: agent.publicId,
    published: agent.publishedVersionId !== null,
    settings,
  };
}
