/**
 * The programmatic Agent API on the built-in offline model (no key, no network):
 *   pnpm --filter @agentry/engine exec tsx examples/agent-api.ts
 * Swap in a real model with `agent.setModel('openai/gpt-5-mini')` and a credential in `context.secrets`.
 */
import { Agent, AgentParameterError } from '../src/index';

const agent = new Agent({
  name: 'Helper',
  instructions: 'You are a concise assistant. Use the calculator for arithmetic.',
  model: 'offline',
  tools: ['calculator', 'current_time'],
});
agent.setParameter('temperature', 0.3).setParameter('maxOutputTokens', 200);

console.log('> Hello, my name is Ada.');
console.log(await agent.generateResponse('Hello, my name is Ada.'));

console.log('\n> What is 12 * 7?');
for await (const text of agent.stream('What is 12 * 7?')) process.stdout.write(text);
process.stdout.write('\n');

console.log('\n> What time is it?');
console.log(await agent.generateResponse('What time is it?'));

for (const [name, value] of [
  ['learning_rate', 0.001],
  ['creativity', 1],
] as const) {
  try {
    agent.setParameter(name, value);
  } catch (error) {
    if (!(error instanceof AgentParameterError)) throw error;
    console.log(`\nsetParameter('${name}') refused: ${error.message}`);
  }
}

console.log('\nThe graph behind this agent (open it on the canvas):');
console.log(JSON.stringify(agent.toGraph()).slice(0, 200), '…');
