import type {
  LanguageModelV4Prompt,
  LanguageModelV4ToolResultOutput,
  SharedV4FileData,
} from '@ai-sdk/provider';

/** A tool call the assistant made after the latest user message, with its result when it came back. */
export interface TurnToolCall {
  toolCallId: string;
  toolName: string;
  input: unknown;
  result?: { ok: boolean; value: unknown };
}

/** A file the latest user message carried: as a file part, or as a document's text in a `<file>` block. */
export interface ReceivedFile {
  name: string;
  mediaType: string;
  size: number;
  /** True when the document reached the model as text rather than as a file. */
  asText: boolean;
}

/** The parts of a prompt the offline model reasons about, read once per call. */
export interface PromptView {
  /** All system messages, joined. */
  system: string;
  /** Text of the latest user message (documents given as text left out). */
  userText: string;
  /** Files the latest user message carried. */
  files: ReceivedFile[];
  /** Text of the user message before it, when the conversation has history. */
  previousUserText: string | undefined;
  /** Tool calls (and results) since the latest user message, in order. */
  turnToolCalls: TurnToolCall[];
  /** Tool calls anywhere in the prompt; keeps generated call ids unique across a conversation. */
  totalToolCalls: number;
  /** Characters of text in the whole prompt, for the approximate input token count. */
  inputCharacters: number;
}

/** Reads a prompt once, from the end backwards to the latest user message, then forwards through the turn. */
export function readPrompt(prompt: LanguageModelV4Prompt): PromptView {
  let system = '';
  let inputCharacters = 0;
  let totalToolCalls = 0;
  let lastUserIndex = -1;
  let previousUserIndex = -1;
  for (let index = 0; index < prompt.length; index++) {
    const message = prompt[index]!;
    if (message.role === 'system') {
      system = system ? `${system}\n${message.content}` : message.content;
      inputCharacters += message.content.length;
      continue;
    }
    if (message.role === 'user') {
      previousUserIndex = lastUserIndex;
      lastUserIndex = index;
    }
    for (const part of message.content) {
      if (part.type === 'text') inputCharacters += part.text.length;
      else if (part.type === 'tool-call') totalToolCalls++;
      else if (part.type === 'tool-result') inputCharacters += outputLength(part.output);
    }
  }
  const turnToolCalls: TurnToolCall[] = [];
  const byId = new Map<string, TurnToolCall>();
  for (let index = lastUserIndex + 1; index < prompt.length; index++) {
    const message = prompt[index]!;
    if (message.role !== 'assistant' && message.role !== 'tool') continue;
    for (const part of message.content) {
      if (part.type === 'tool-call') {
        const call: TurnToolCall = {
          toolCallId: part.toolCallId,
          toolName: part.toolName,
          input: part.input,
        };
        turnToolCalls.push(call);
        byId.set(part.toolCallId, call);
      } else if (part.type === 'tool-result') {
        const call = byId.get(part.toolCallId);
        const result = readOutput(part.output);
        if (call !== undefined) call.result = result;
        else
          turnToolCalls.push({
            toolCallId: part.toolCallId,
            toolName: part.toolName,
            input: undefined,
            result,
          });
      }
    }
  }
  return {
    system,
    userText: stripFileBlocks(userTextAt(prompt, lastUserIndex)),
    files: filesAt(prompt, lastUserIndex),
    previousUserText: previousUserIndex >= 0 ? userTextAt(prompt, previousUserIndex) : undefined,
    turnToolCalls,
    totalToolCalls,
    inputCharacters,
  };
}

function userTextAt(prompt: LanguageModelV4Prompt, index: number): string {
  const message = prompt[index];
  if (message === undefined || message.role !== 'user') return '';
  let text = '';
  for (const part of message.content) {
    if (part.type === 'text') text = text ? `${text}\n${part.text}` : part.text;
  }
  return text.trim();
}

const FILE_BLOCK = /<file name="([^"]*)" type="([^"]*)" size="(\d+)">[\s\S]*?<\/file>/g;

function stripFileBlocks(text: string): string {
  return text.replace(FILE_BLOCK, '').trim();
}

function filesAt(prompt: LanguageModelV4Prompt, index: number): ReceivedFile[] {
  const message = prompt[index];
  if (message === undefined || message.role !== 'user') return [];
  const files: ReceivedFile[] = [];
  for (const part of message.content) {
    if (part.type === 'file') {
      files.push({
        name: part.filename ?? 'unnamed',
        mediaType: part.mediaType,
        size: fileDataSize(part.data),
        asText: false,
      });
    } else if (part.type === 'text') {
      for (const match of part.text.matchAll(FILE_BLOCK))
        files.push({ name: match[1]!, mediaType: match[2]!, size: Number(match[3]), asText: true });
    }
  }
  return files;
}

function fileDataSize(data: SharedV4FileData): number {
  if (data.type === 'data') {
    return typeof data.data === 'string' ? Math.floor((data.data.length * 3) / 4) : data.data.byteLength;
  }
  return data.type === 'text' ? data.text.length : 0;
}

function readOutput(output: LanguageModelV4ToolResultOutput): { ok: boolean; value: unknown } {
  switch (output.type) {
    case 'text':
    case 'json':
      return { ok: true, value: output.value };
    case 'error-text':
    case 'error-json':
      return { ok: false, value: output.value };
    case 'execution-denied':
      return { ok: false, value: output.reason ?? 'the tool call was not approved' };
    case 'content':
      return {
        ok: true,
        value: output.value.map((part) => (part.type === 'text' ? part.text : `[${part.type}]`)).join('\n'),
      };
  }
}

function outputLength(output: LanguageModelV4ToolResultOutput): number {
  if (output.type === 'text' || output.type === 'error-text') return output.value.length;
  if (output.type === 'json' || output.type === 'error-json')
    return JSON.stringify(output.value)?.length ?? 0;
  return 0;
}
