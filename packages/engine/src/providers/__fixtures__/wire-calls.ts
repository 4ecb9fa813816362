import { type LanguageModel, streamText } from 'ai';
import { calculatorTool as calculator } from './calculator-tool';

/** The calls every provider's wire test makes, so each test states only what its provider sends and answers. */

/** Streams "Say hello" (system "Be brief.") and gathers the text deltas, usage and finish reason. */
export async function streamHello(model: LanguageModel) {
  const result = streamText({ model, system: 'Be brief.', prompt: 'Say hello' });
  const deltas: string[] = [];
  for await (const delta of result.textStream) deltas.push(delta);
  return { deltas, usage: await result.usage, finishReason: await result.finishReason };
}

/** Streams "What is 12 * 7?" with the calculator tool offered and gathers the tool calls it answers. */
export async function streamCalculatorQuestion(model: LanguageModel) {
  const result = streamText({ model, prompt: 'What is 12 * 7?', tools: { calculator } });
  return { calls: await result.toolCalls, finishReason: await result.finishReason, usage: await result.usage };
}
