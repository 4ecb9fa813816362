import type { LanguageModelV4StreamPart } from '@ai-sdk/provider';

/**
 * Adds a text, reasoning or tool-input delta to the batch's last part when that is a delta of the same
 * kind and id: what arrived in one turn crosses, and goes through the run and to the client, as one
 * delta, so the per-part work on the server's thread follows the turns of the loop, not the tokens.
 * Parts with provider metadata stay as they are.
 */
export function appendToLast(batch: LanguageModelV4StreamPart[], part: LanguageModelV4StreamPart): boolean {
  const last = batch.at(-1);
  if (!last || last.type !== part.type) return false;
  if (
    (part.type === 'text-delta' || part.type === 'reasoning-delta') &&
    (last.type === 'text-delta' || last.type === 'reasoning-delta') &&
    last.id === part.id &&
    !last.providerMetadata &&
    !part.providerMetadata
  ) {
    batch[batch.length - 1] = { ...last, delta: last.delta + part.delta };
    return true;
  }
  if (part.type === 'tool-input-delta' && last.type === 'tool-input-delta' && last.id === part.id) {
    batch[batch.length - 1] = { ...last, delta: last.delta + part.delta };
    return true;
  }
  return false;
}
