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

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Knowledge bases with how many documents each holds (and how many are still processing or failed). */
export function knowledgeBaseOptions(bases: readonly KnowledgeBaseItem[]): PickerOption[] {
  return bases.map((base) => {
    const parts = [base.documentCount === 0 ? 'No documents yet' : count(base.documentCount, 'document')];
    if (base.pendingCount > 0) parts.push(`${base.pendingCount} processing`);
    if (base.failedCount > 0) parts.push(`${base.failedCount} failed`);
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
): PickerOption[] {
  return agents
    .filter((agent) => agent.id !== editingAgentId)
    .map((agent) => ({
      id: agent.id,
      name: agent.name,
      detail: agent.publishedVersionId ? 'Published' : 'Draft only: publish it before it can be called',
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
