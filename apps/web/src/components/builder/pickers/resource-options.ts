// The workspace's lists (as the tRPC procedures answer) turned into picker options with their second line.
import type { PickerOption } from './picker-state';

/** A knowledge base as `knowledge.list` gives it: the fields the picker reads. */
export interface KnowledgeBaseItem {
  id: string;
  name: string;
  documentCount: number;
  pendingCount: number;
  failedCount: number;
}

/** An agent as `agents.list` gives it: the fields the picker reads. */
export interface AgentItem {
  id: string;
  name: string;
  publishedVersionId: string | null;
}

/** A credential as `credentials.list` gives it (never the secret): the fields the picker reads. */
export interface CredentialItem {
  id: string;
  name: string;
  provider: string;
  maskedKey: string | null;
}

const byName = (a: PickerOption, b: PickerOption) => a.name.localeCompare(b.name);

/** The words of the options' second lines: English by default, the page's from workspace-pickers. */
export interface OptionWords {
  documents(count: number): string;
  processing(count: number): string;
  failed(count: number): string;
  published: string;
  draftOnly: string;
}

export const ENGLISH_OPTION_WORDS: OptionWords = {
  documents: (n) => (n === 0 ? 'No documents yet' : `${n} document${n === 1 ? '' : 's'}`),
  processing: (n) => `${n} processing`,
  failed: (n) => `${n} failed`,
  published: 'Published',
  draftOnly: 'Draft only: publish it before it can be called',
};

/** Knowledge bases with how many documents each holds (and how many are still processing or failed). */
export function knowledgeBaseOptions(
  bases: readonly KnowledgeBaseItem[],
  words: OptionWords = ENGLISH_OPTION_WORDS,
): PickerOption[] {
  return bases.map((base) => {
    const parts = [words.documents(base.documentCount)];
    if (base.pendingCount > 0) parts.push(words.processing(base.pendingCount));
    if (base.failedCount > 0) parts.push(words.failed(base.failedCount));
    return { id: base.id, name: base.name, detail: parts.join(' · ') };
  });
}

/**
 * The agents another agent may call: all but the one being edited (an agent calling itself would only
 * recurse to the depth limit). Agent-as-tool runs the published version, so a draft-only agent says so.
 */
export function agentOptions(
  agents: readonly AgentItem[],
  editingAgentId: string | undefined,
  words: OptionWords = ENGLISH_OPTION_WORDS,
): PickerOption[] {
  return agents
    .filter((agent) => agent.id !== editingAgentId)
    .map((agent) => ({
      id: agent.id,
      name: agent.name,
      detail: agent.publishedVersionId ? words.published : words.draftOnly,
    }))
    .sort(byName);
}

/** Credentials as options; with a provider, only that provider's (a Model node's key must match it). */
export function credentialOptions(credentials: readonly CredentialItem[], provider?: string): PickerOption[] {
  return credentials
    .filter((credential) => !provider || credential.provider === provider)
    .map((credential) => ({
      id: credential.id,
      name: credential.name,
      detail: credential.maskedKey ? `${credential.provider} · ${credential.maskedKey}` : credential.provider,
    }))
    .sort(byName);
}
