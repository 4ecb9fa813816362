import { isDeepStrictEqual } from 'node:util';
import type { Browser, Page } from 'playwright-core';
import { orderedSchema } from '@agentry/engine/graph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestServer, waitFor, signedInOwner } from './harness';
import { trpc } from './trpc-client';

const SCHEMA = {
  type: 'object',
  properties: {
    category: { type: 'string', enum: ['question', 'refund'], description: 'What the customer wants' },
  },
  required: ['category'],
  additionalProperties: false,
};

const at = (id: string, type: string, x: number, y: number, config: Record<string, unknown> = {}) => ({
  id,
  type,
  position: { x, y },
  data: { label: id, config },
});
const link = (source: string, sourceHandle: string, target: string, targetHandle: string) => ({
  id: `${source}-${sourceHandle}-${target}-${targetHandle}`,
  source,
  sourceHandle,
  target,
  targetHandle,
});

/** Chat Input → Model answering {category} on the offline model → Condition on category → two Prompt → Output branches. */
const triage = {
  version: 1,
  nodes: [
    at('chat-input', 'chat-input', 0, 200),
    at('triage', 'model', 280, 200, {
      provider: 'offline',
      output: { type: 'json', name: 'triage', schema: SCHEMA },
    }),
    at('route', 'condition', 560, 200, {
      branches: [{ id: 'refund', field: 'category', operator: 'equals', value: 'refund' }],
    }),
    at('refund-reply', 'prompt', 840, 40, { template: 'Refund desk here ({{answer.category}}).' }),
    at('help-reply', 'prompt', 840, 380, { template: 'Help desk here ({{answer.category}}).' }),
    at('refund-out', 'chat-output', 1120, 40),
    at('help-out', 'chat-output', 1120, 380),
  ],
  edges: [
    link('chat-input', 'message', 'triage', 'prompt'),
    link('triage', 'text', 'route', 'text'),
    link('route', 'refund', 'refund-reply', 'answer'),
    link('route', 'else', 'help-reply', 'answer'),
    link('refund-reply', 'text', 'refund-out', 'text'),
    link('help-reply', 'text', 'help-out', 'text'),
  ],
};

describe('structured output in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    ({ server, browser, page } = await signedInOwner({ width: 1600, height: 1000 }));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  const status = (id: string) => page.locator(`[data-testid="node-${id}"]`).getAttribute('data-run-status');

  async function ask(text: string, expected: RegExp, count: number) {
    const panel = page.getByRole('region', { name: 'Preview chat' });
    await panel.locator('#preview-input').fill(text);
    await panel.getByRole('button', { name: 'Send' }).click();
    await panel
      .locator('[data-role="assistant"]')
      .nth(count - 1)
      .getByText(expected)
      .waitFor();
    await page.locator('[data-testid="node-route"][data-run-status="done"]').waitFor();
  }

  it('routes the preview by a field of the Model’s JSON answer, lighting up the branch taken', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.create', {
      name: 'Triage',
      graph: triage,
    });
    await page.goto(`${server.url}/agents/${agent.id}`);
    await page.getByTestId('node-triage').waitFor();
    await page.getByRole('button', { name: 'Preview' }).click();

    await ask('I want a refund', /Refund desk here \(refund\)\./, 1);
    await page.locator('[data-testid="node-refund-out"][data-run-status="done"]').waitFor();
    expect(await status('refund-reply')).toBe('done');
    expect(await status('help-reply')).toBe('skipped');

    await ask('How do I change my address?', /Help desk here \(question\)\./, 2);
    await page.locator('[data-testid="node-help-out"][data-run-status="done"]').waitFor();
    expect(await status('help-reply')).toBe('done');
    expect(await status('refund-reply')).toBe('skipped');

    // The run details show the Model's answer as indented JSON.
    await page.getByTestId('node-triage').click();
    await page
      .getByRole('region', { name: 'Last run' })
      .getByTestId('run-output')
      .getByText(/"category": ?"question"/)
      .waitFor();
  });

  it('edits the schema field by field in the config panel', async () => {
    const agent = await trpc<{ id: string }>(page.request, server.url, 'agents.create', {
      name: 'Triage fields',
      graph: triage,
    });
    await page.goto(`${server.url}/agents/${agent.id}`);
    await page.getByTestId('node-triage').click();
    const format = page.getByTestId('output-format');
    await format.waitFor();
    expect(await format.getByLabel('Output format').inputValue()).toBe('json');
    expect(await format.getByLabel('Field 1 name').inputValue()).toBe('category');
    expect(await format.getByLabel('Field 1 values').inputValue()).toBe('question, refund');

    await format.getByLabel('Field 1 values').fill('question, refund, complaint');
    await format.getByRole('button', { name: '+ Add field' }).click();
    await format.getByLabel('Field 2 name').fill('');
    await format.getByText(/Field 2: name it/).waitFor();
    await format.getByLabel('Field 2 name').fill('urgent');
    await format.getByLabel('Field 2 type').selectOption('boolean');

    type Saved = { draftGraph: typeof triage };
    const savedSchema = async () => {
      const saved = await trpc<Saved>(page.request, server.url, 'agents.get', { id: agent.id }, 'query');
      const model = saved.draftGraph.nodes.find((node) => node.id === 'triage')!;
      return (model.data.config as { output: { schema: Record<string, unknown> } }).output.schema;
    };
    const expected = {
      type: 'object',
      properties: {
        category: {
          type: 'string',
          enum: ['question', 'refund', 'complaint'],
          description: 'What the customer wants',
        },
        urgent: { type: 'boolean' },
      },
      required: ['category', 'urgent'],
      additionalProperties: false,
    };
    let last: unknown;
    await waitFor(async () => {
      last = await savedSchema();
      // jsonb keeps keys in its own order; the written order is stored beside them (x-order) and comes
      // back with orderedSchema: the fields in the order they were added.
      const ordered = orderedSchema(last as Record<string, unknown>);
      return (
        isDeepStrictEqual(ordered, expected) &&
        JSON.stringify(Object.keys(ordered.properties as object)) === '["category","urgent"]'
      );
    }, 'the edited schema to be saved').catch((error: Error) => {
      throw new Error(`${error.message}; saved: ${JSON.stringify(last)}`);
    });

    // The same schema as JSON; a schema the builder cannot show stays JSON-only.
    await format.getByRole('tab', { name: 'JSON Schema' }).click();
    const text = format.getByLabel('JSON Schema');
    expect(JSON.parse(await text.inputValue())).toEqual(expected);
    await text.fill(
      JSON.stringify({ type: 'object', properties: { when: { type: 'string', format: 'date' } } }),
    );
    await text.blur();
    await waitFor(
      async () => 'when' in ((await savedSchema()).properties as object),
      'the JSON schema to be saved',
    );
    expect(await format.getByRole('tab', { name: 'Fields' }).isDisabled()).toBe(true);

    await format.getByLabel('Output format').selectOption('text');
    await waitFor(async () => {
      const saved = await trpc<Saved>(page.request, server.url, 'agents.get', { id: agent.id }, 'query');
      const model = saved.draftGraph.nodes.find((node) => node.id === 'triage')!;
      return (model.data.config as { output: { type: string } }).output.type === 'text';
    }, 'the text format to be saved');
  });
});
