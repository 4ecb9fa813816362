import { describe, expect, it } from 'vitest';
import { loadExample } from './__fixtures__/load-fixture';
import { Agent, AgentRunError } from './agent-api';
import { AgentParameterError } from './agent/agent-parameters';
import { validateGraph } from './plan/validate-graph';
import { defaultNodeRegistry } from './nodes';
import { scriptedModel, textModel, textParts } from './testing/mock-model';

describe('Agent API', () => {
  it('answers on the offline model and remembers the conversation between calls', async () => {
    const agent = new Agent({ name: 'Helper', instructions: 'Be brief.' });
    expect(await agent.generateResponse('Hello, I am Ada.')).toContain('[Offline model]');
    expect(await agent.generateResponse('Who am I?')).toContain('Hello, I am Ada.');
    agent.resetConversation();
    expect(await agent.generateResponse('Who am I?')).not.toContain('Ada');
  });

  it('streams text as it is generated', async () => {
    const model = textModel('one two three');
    const agent = new Agent({ context: { languageModels: () => model } });
    const chunks: string[] = [];
    for await (const chunk of agent.stream('count')) chunks.push(chunk);
    expect(chunks).toEqual(['one ', 'two ', 'three']);
  });

  it('uses built-in tools when asked to', async () => {
    const agent = new Agent({ tools: ['calculator'] });
    expect(await agent.generateResponse('What is 12 * 7?')).toContain('84');
  });

  it('passes model and parameters to the provider, and builds a valid graph', async () => {
    const model = scriptedModel(textParts(['ok']));
    const requests: unknown[] = [];
    const agent = new Agent({
      model: 'openai/gpt-5-mini',
      context: {
        languageModels: (request) => {
          requests.push(request);
          return model;
        },
      },
    });
    agent.setParameter('temperature', 0.2).setParameter('stop', ['END']).setParameter('maxOutputTokens', 64);
    await agent.generateResponse('hi');
    expect(requests[0]).toMatchObject({ provider: 'openai', model: 'gpt-5-mini' });
    expect(model.doStreamCalls[0]).toMatchObject({
      temperature: 0.2,
      stopSequences: ['END'],
      maxOutputTokens: 64,
    });
    expect(validateGraph(agent.toGraph(), defaultNodeRegistry).ok).toBe(true);
    agent.setModel('anthropic/claude-haiku-4-5');
    await agent.generateResponse('hi');
    expect(requests[1]).toMatchObject({ provider: 'anthropic', model: 'claude-haiku-4-5' });
  });

  it('refuses unknown parameters, listing what it accepts', () => {
    const agent = new Agent();
    const error = catchError(() => agent.setParameter('creativity', 1));
    expect(error).toBeInstanceOf(AgentParameterError);
    expect(error).toMatchObject({ code: 'invalid_parameter', problem: 'unknown_parameter' });
    expect(error.message).toBe(
      'Unknown parameter "creativity". Parameters you can set: temperature, topP, maxOutputTokens, stop, presencePenalty, frequencyPenalty, seed.',
    );
    expect(catchError(() => agent.setParameter('top_p', 0.5)).message).toContain('Did you mean "topP"?');
    expect(catchError(() => agent.setParameter('max_tokens', 5)).message).toContain(
      'Did you mean "maxOutputTokens"?',
    );
  });

  it('refuses training parameters and points to knowledge bases', () => {
    const agent = new Agent();
    for (const name of ['batch_size', 'learning_rate', 'epochs']) {
      const error = catchError(() => agent.setParameter(name, 1));
      expect(error).toMatchObject({ problem: 'training_parameter', parameter: name });
      expect(error.message).toContain(`"${name}" is a training parameter`);
      expect(error.message).toContain('knowledge base');
      expect(error.message).toContain('Parameters you can set: temperature');
    }
  });

  it('refuses values out of range and unknown models', () => {
    const agent = new Agent();
    expect(catchError(() => agent.setParameter('temperature', 5)).message).toMatch(
      /Invalid value for "temperature"/,
    );
    expect(catchError(() => agent.setModel('skynet/t800')).message).toMatch(/Write "provider\/model"/);
    expect(agent.getParameters()).toEqual({});
  });

  it('runs a canvas graph and applies setModel/setParameter to its Model nodes', async () => {
    const model = textModel('from graph');
    const agent = Agent.fromGraph(loadExample('chatbot'), { context: { languageModels: () => model } });
    agent.setParameter('temperature', 0.1);
    expect(await agent.generateResponse('hi')).toBe('from graph');
    expect(model.doStreamCalls[0]?.temperature).toBe(0.1);
  });

  it('throws the engine error with the partial answer when a run fails', async () => {
    const agent = new Agent({
      context: {
        languageModels: () => {
          throw new Error('no network');
        },
      },
    });
    const failure = agent.generateResponse('hi');
    await expect(failure).rejects.toBeInstanceOf(AgentRunError);
    await expect(failure).rejects.toMatchObject({ partialAnswer: '' });
  });
});

function catchError(action: () => unknown): Error & Record<string, unknown> {
  try {
    action();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('Expected an error');
}
