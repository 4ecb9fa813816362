import type { PromptView } from './offline-prompt';

/** Words in a user message that ask the offline model to show its reasoning. */
const THINK = /\b(think|thinking|reason it out|step by step)\b/i;

/**
 * The short, labelled reasoning the offline model streams before its answer when the latest user message
 * asks it to think (and the turn has not called tools yet), so reasoning can be seen and tested offline.
 * Deterministic: it only restates what the model received.
 */
export function offlineReasoning(view: PromptView): string | undefined {
  if (view.turnToolCalls.length > 0 || !THINK.test(view.userText)) return undefined;
  const words = view.userText.trim().split(/\s+/).filter(Boolean).length;
  return `[Offline model] Thinking: the message has ${words} word${words === 1 ? '' : 's'} and asks me to think first. I have no real model, so I answer by restating it.`;
}
