import type { LanguageModelV4CallOptions, LanguageModelV4FunctionTool } from '@ai-sdk/provider';
import type { PromptView, ReceivedFile, TurnToolCall } from './offline-prompt';
import {
  buildToolInput,
  isFinishTool,
  matchTools,
  type RequestFacts,
  readRequestFacts,
} from './offline-tool-match';

/**
 * Every text the offline model writes starts with this label, so nobody mistakes its echo for a real
 * model's answer (in the chat, in logs, in a published widget).
 */
export const OFFLINE_LABEL = '[Offline model]';

/** A tool call the offline model decided to make. */
export interface PlannedToolCall {
  toolName: string;
  input: Record<string, unknown>;
}

/** What the offline model says and which tools it calls in one step. */
export interface OfflineTurn {
  text: string;
  toolCalls: PlannedToolCall[];
}

/**
 * Decides one step: call fitting tools for a fresh request, answer from tool results once they are back,
 * and in autonomous mode (a `finish`-like tool is offered) plan, call tools, then call finish.
 */
export function planTurn(view: PromptView, options: LanguageModelV4CallOptions): OfflineTurn {
  const tools = offeredTools(options);
  const facts = readRequestFacts(view.userText);
  const finishTool = tools.find(isFinishTool);
  const called = new Set(view.turnToolCalls.map((call) => call.toolName));
  const fresh = tools.filter((tool) => !called.has(tool.name));
  const matches = matchTools(fresh, facts);

  if (finishTool !== undefined && !called.has(finishTool.name)) {
    if (matches.length > 0) {
      const text = view.turnToolCalls.length === 0 ? planText(matches, finishTool) : '';
      return { text, toolCalls: matches.map((tool) => callFor(tool, facts)) };
    }
    const answer = view.turnToolCalls.length === 0 ? cannotDoText(view) : resultsText(view.turnToolCalls);
    const text = view.turnToolCalls.length === 0 ? planText([], finishTool) : '';
    return {
      text,
      toolCalls: [{ toolName: finishTool.name, input: buildToolInput(finishTool, facts, answer) }],
    };
  }
  if (view.turnToolCalls.length > 0) return { text: resultsText(view.turnToolCalls), toolCalls: [] };
  if (matches.length > 0) return { text: '', toolCalls: matches.map((tool) => callFor(tool, facts)) };
  const forced =
    options.toolChoice?.type === 'required' || options.toolChoice?.type === 'tool' ? tools[0] : undefined;
  if (forced !== undefined) return { text: '', toolCalls: [callFor(forced, facts)] };
  return { text: chatText(view), toolCalls: [] };
}

function offeredTools(options: LanguageModelV4CallOptions): LanguageModelV4FunctionTool[] {
  const choice = options.toolChoice;
  if (choice?.type === 'none') return [];
  const tools = (options.tools ?? []).filter(
    (tool): tool is LanguageModelV4FunctionTool => tool.type === 'function',
  );
  return choice?.type === 'tool' ? tools.filter((tool) => tool.name === choice.toolName) : tools;
}

function callFor(tool: LanguageModelV4FunctionTool, facts: RequestFacts): PlannedToolCall {
  return { toolName: tool.name, input: buildToolInput(tool, facts) };
}

function planText(tools: LanguageModelV4FunctionTool[], finishTool: LanguageModelV4FunctionTool): string {
  const steps = tools.map((tool, index) => `${index + 1}. Call ${tool.name}.`);
  steps.push(`${steps.length + 1}. Call ${finishTool.name} with the result.`);
  return `${OFFLINE_LABEL} Plan: ${steps.join(' ')}`;
}

function cannotDoText(view: PromptView): string {
  return `${OFFLINE_LABEL} No offered tool fits the goal "${excerpt(view.userText, 160)}", and the offline model cannot do real work on its own.`;
}

/** Answers from the tool results of this turn: "12 * 3 = 36", the time, or what another tool returned. */
function resultsText(calls: readonly TurnToolCall[]): string {
  const sentences: string[] = [];
  for (const call of calls) {
    if (call.result === undefined) continue;
    if (!call.result.ok) {
      sentences.push(`The ${call.toolName} tool failed: ${summarize(call.result.value, 200)}.`);
      continue;
    }
    const value = call.result.value;
    const sources = readField(value, 'sources');
    if (Array.isArray(sources)) {
      sentences.push(citedText(sources));
      continue;
    }
    const expression = readField(call.input, 'expression');
    const formatted = readField(value, 'formatted');
    if (
      typeof expression === 'string' &&
      (typeof value === 'number' || typeof readField(value, 'result') === 'number')
    ) {
      sentences.push(
        `${expression} = ${typeof value === 'number' ? value : String(readField(value, 'result'))}.`,
      );
    } else if (typeof formatted === 'string') {
      const zone = readField(value, 'timeZone');
      const suffix = typeof zone === 'string' && !formatted.includes(zone) ? ` (${zone})` : '';
      sentences.push(`It is ${formatted}${suffix}.`);
    } else {
      sentences.push(`${call.toolName} returned: ${summarize(value, 400)}`);
    }
  }
  if (sentences.length === 0) return `${OFFLINE_LABEL} The tools returned nothing I can use.`;
  return `${OFFLINE_LABEL} ${sentences.join(' ')}`;
}

/**
 * Answers from a knowledge tool's numbered sources the way a real model is asked to: the best passage,
 * cited as [1], then the list of sources, so the preview and the widget show where it came from.
 */
function citedText(sources: readonly unknown[]): string {
  if (sources.length === 0) return 'The knowledge base has no passage about this.';
  const best = sources[0];
  const excerptText = readField(best, 'excerpt');
  const lines = sources.slice(0, 5).map((source, position) => {
    const index = readField(source, 'index') ?? position + 1;
    const name = readField(source, 'documentName') ?? 'source';
    const heading = readField(source, 'heading');
    return `[${String(index)}] ${String(name)}${typeof heading === 'string' && heading ? ` — ${heading}` : ''}`;
  });
  const quote = typeof excerptText === 'string' ? excerpt(excerptText, 300) : '';
  return `From the knowledge base: "${quote}" [${String(readField(best, 'index') ?? 1)}]\n\nSources:\n${lines.map((line) => `- ${line}`).join('\n')}`;
}

const SOURCE_LINE = /^\[(\d{1,3})\] (.+?)(?: — (.+?))?: (.+)$/;

/** "[1] guide.md — Refunds: excerpt" lines, as a knowledge node formats them, read back. */
function numberedSources(text: string): Record<string, unknown>[] {
  const sources: Record<string, unknown>[] = [];
  for (const line of text.split('\n')) {
    const match = SOURCE_LINE.exec(line.trim());
    if (match) {
      sources.push({
        index: Number(match[1]),
        documentName: match[2],
        heading: match[3] ?? '',
        excerpt: match[4],
      });
    }
  }
  return sources;
}

/**
 * The plain chat answer: an honest, deterministic echo. Kept to about twenty words because every word
 * is one stream part, and the AI SDK spends roughly 15 µs on each.
 */
function chatText(view: PromptView): string {
  const text = view.userText;
  if (view.files.length > 0) {
    const said = text ? ` You said: "${excerptWords(text, 12)}".` : '';
    return `${OFFLINE_LABEL} ${describeFiles(view.files)}${said} Add a model provider to have them read.`;
  }
  if (text === '') return `${OFFLINE_LABEL} I received an empty message.`;
  // Numbered sources put into the prompt (a Knowledge node feeding a Prompt) are answered from and cited.
  const sources = numberedSources(`${view.system}\n${text}`);
  if (sources.length > 0) return `${OFFLINE_LABEL} ${citedText(sources)}`;
  const quoted = `"${excerptWords(text, 12)}"`;
  if (view.system.toLowerCase().includes('translat')) {
    return `${OFFLINE_LABEL} I cannot translate offline. Your text: ${quoted}. Add a model provider to translate it.`;
  }
  if (/^(hi|hello|hey|good (morning|afternoon|evening))\b/i.test(text)) {
    return `${OFFLINE_LABEL} Hello! I echo messages and call simple tools. Add a model provider for real answers.`;
  }
  const earlier = view.previousUserText ? ` Before that: "${excerptWords(view.previousUserText, 6)}".` : '';
  return `${OFFLINE_LABEL} You said: ${quoted}.${earlier} Add a model provider for real answers.`;
}

/** "I received 1 image (cat.png, image/png, 12 KB) and 1 document (notes.txt, text/plain, 1 KB, as text)." */
export function describeFiles(files: readonly ReceivedFile[]): string {
  const images = files.filter((file) => file.mediaType.startsWith('image/'));
  const documents = files.filter((file) => !file.mediaType.startsWith('image/'));
  const list = (entries: readonly ReceivedFile[], noun: string) => {
    const details = entries
      .map(
        (file) =>
          `${file.name}, ${file.mediaType}, ${formatSize(file.size)}${file.asText ? ', as text' : ''}`,
      )
      .join('; ');
    return `${entries.length} ${noun}${entries.length === 1 ? '' : 's'} (${details})`;
  };
  const groups = [
    ...(images.length > 0 ? [list(images, 'image')] : []),
    ...(documents.length > 0 ? [list(documents, 'document')] : []),
  ];
  return `I received ${groups.join(' and ')}.`;
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

function readField(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
}

function summarize(value: unknown, limit: number): string {
  const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value));
  return excerpt(text, limit);
}

function excerpt(text: string, limit: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > limit ? `${flat.slice(0, limit - 1)}…` : flat;
}

function excerptWords(text: string, limit: number): string {
  const words = text.trim().split(/\s+/);
  return words.length > limit ? `${words.slice(0, limit).join(' ')}…` : words.join(' ');
}
