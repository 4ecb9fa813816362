import type { Graph, GraphNode } from '@agentry/engine/graph';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, signUpOwner, startServer, type TestServer } from './harness';
import { trpc } from './trpc-client';

const OWNER = { name: 'Ada', email: 'ada@example.com', password: 'analytical-engine' };
const PIRATE = 'Talk like a pirate.';

interface SavedAgent {
  id: string;
  draftRevision: number;
  draftGraph: Graph;
}

/** v2 of the basic chatbot: the memory gone, a second output added, the prompt's instructions changed. */
function secondVersion(graph: Graph): Graph {
  const nodes: GraphNode[] = graph.nodes
    .filter((node) => node.id !== 'memory')
    .map((node) =>
      node.id === 'prompt'
        ? { ...node, data: { ...node.data, config: { ...node.data.config, system: PIRATE } } }
        : node,
    );
  nodes.push({
    id: 'chat-output-2',
    type: 'chat-output',
    position: { x: 940, y: 360 },
    data: { label: 'Second output', config: {} },
  });
  return {
    version: 1,
    nodes,
    edges: [
      ...graph.edges.filter((edge) => edge.source !== 'memory'),
      {
        id: 'e-model-output-2',
        source: 'model',
        sourceHandle: 'text',
        target: 'chat-output-2',
        targetHandle: 'text',
      },
    ],
  };
}

/** The hue (degrees) of a computed CSS colour: Tailwind's palette computes to lab or oklch, inline strokes to rgb. */
async function hueOf(
  locator: Locator,
  property: 'border-top-color' | 'background-color' | 'stroke',
): Promise<number> {
  const color = await locator.evaluate(
    (element, name) => getComputedStyle(element).getPropertyValue(name),
    property,
  );
  const oklch = /oklch\(\s*[\d.]+%?\s+[\d.]+\s+([\d.]+)/.exec(color);
  if (oklch) return Number(oklch[1]);
  const lab = /^(?:ok)?lab\(\s*[\d.]+%?\s+(-?[\d.]+)\s+(-?[\d.]+)/.exec(color);
  if (lab) return ((Math.atan2(Number(lab[2]), Number(lab[1])) * 180) / Math.PI + 360) % 360;
  const rgb = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(color);
  if (!rgb) throw new Error(`not a colour: ${color}`);
  const [r, g, b] = rgb.slice(1, 4).map((part) => Number(part) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const delta = max - Math.min(r, g, b);
  if (delta === 0) return 0;
  const hue = max === r ? ((g - b) / delta) % 6 : max === g ? (b - r) / delta + 2 : (r - g) / delta + 4;
  return (hue * 60 + 360) % 360;
}

const GREEN = [120, 180];
const RED = [0, 40];
const AMBER = [40, 95];
function expectHue(hue: number, [low, high]: number[]) {
  expect(hue).toBeGreaterThanOrEqual(low!);
  expect(hue).toBeLessThanOrEqual(high!);
}

function diffNode(page: Page, id: string): Locator {
  return page.getByTestId('canvas-diff').locator(`.react-flow__node[data-id="${id}"]`);
}

function diffEdgePath(page: Page, id: string): Locator {
  return page
    .getByTestId('canvas-diff')
    .locator(`.react-flow__edge[data-id="${id}"] path.react-flow__edge-path`);
}

async function isFocused(locator: Locator): Promise<boolean> {
  return locator.evaluate((element) => element === document.activeElement);
}

async function compare(page: Page, from: string, to: string) {
  await page.getByRole('tab', { name: 'history' }).click();
  await page.getByLabel('Compare from').selectOption(from);
  await page.getByLabel('Compare to').selectOption(to);
  await page.getByRole('button', { name: 'Show on canvas' }).click();
}

describe('versions compared on the canvas in Chromium', () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    server = await startServer();
    browser = await launchBrowser();
    page = await (await browser.newContext({ viewport: { width: 1600, height: 1000 } })).newPage();
    await signUpOwner(page, server.url, OWNER);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('draws v1 → v2 with added, removed and changed marks, then v2 → the draft as it is on the canvas', async () => {
    const created = await trpc<{ id: string }>(page.request, server.url, 'agents.createFromTemplate', {
      templateId: 'basic-chatbot',
    });
    const agentOf = () =>
      trpc<SavedAgent>(page.request, server.url, 'agents.get', { id: created.id }, 'query');
    await trpc(page.request, server.url, 'agents.publish', { id: created.id, note: 'v1' });
    const v1 = await agentOf();
    await trpc(page.request, server.url, 'agents.saveDraft', {
      id: created.id,
      graph: secondVersion(v1.draftGraph),
      baseRevision: v1.draftRevision,
    });
    await trpc(page.request, server.url, 'agents.publish', { id: created.id, note: 'v2' });

    await page.goto(`${server.url}/agents/${created.id}`);
    await page.getByTestId('node-chat-output-2').waitFor();
    const editorNodes = await page.locator('.react-flow__node').count();
    expect(editorNodes).toBe(5);

    await compare(page, '1', '2');
    // The text list of changes stays beside the drawing.
    await page.getByTestId('change-list').getByText('Second output', { exact: true }).waitFor();
    const bar = page.getByRole('region', { name: 'Changes from v1 to v2' });
    await bar.waitFor();
    // The focus moves to the bar, so a keyboard or screen reader user lands on what opened.
    expect(await isFocused(bar)).toBe(true);
    await bar.getByText('Read-only').waitFor();

    // Added: the new output and its connection, green, and marked in words.
    const added = diffNode(page, 'chat-output-2');
    await added.waitFor();
    expect(await added.getByTestId('diff-mark').textContent()).toBe('+ Added');
    expect(await added.getByTestId('node-chat-output-2').getAttribute('data-diff')).toBe('added');
    expectHue(await hueOf(added.getByTestId('node-chat-output-2'), 'border-top-color'), GREEN);
    expect(await added.getAttribute('aria-label')).toBe('Second output (chat-output), added');
    expectHue(await hueOf(diffEdgePath(page, 'e-model-output-2'), 'stroke'), GREEN);

    // Removed: a ghost of the memory where it was, faded and dashed, with its connection dashed red.
    const ghost = diffNode(page, 'removed:memory');
    expect(await ghost.getByTestId('diff-mark').textContent()).toBe('− Removed');
    const ghostBox = ghost.getByTestId('node-removed:memory');
    expect(await ghostBox.evaluate((element) => getComputedStyle(element).opacity)).toBe('0.5');
    expect(await ghostBox.evaluate((element) => getComputedStyle(element).borderTopStyle)).toBe('dashed');
    expectHue(await hueOf(ghostBox, 'border-top-color'), RED);
    const ghostEdge = diffEdgePath(page, 'removed:e-memory-model');
    expectHue(await hueOf(ghostEdge, 'stroke'), RED);
    expect(await ghostEdge.evaluate((element) => getComputedStyle(element).strokeDasharray)).toMatch(
      /^6(px)?,? 4(px)?$/,
    );
    // The editor's own canvas is untouched underneath: the memory is not back in the draft.
    expect(await page.locator('[data-testid="node-memory"]').count()).toBe(0);

    // Changed: the prompt, amber; its changed setting shows on hover.
    const prompt = diffNode(page, 'prompt');
    expect(await prompt.getByTestId('diff-mark').textContent()).toBe('~ Changed');
    expectHue(await hueOf(prompt.getByTestId('node-prompt'), 'border-top-color'), AMBER);
    const settings = prompt.getByRole('tooltip');
    expect(await settings.isVisible()).toBe(false);
    await prompt.getByText('Prompt', { exact: true }).first().hover();
    await expect.poll(() => settings.isVisible()).toBe(true);
    expect(await settings.textContent()).toContain(`system: “You are a friendly`);
    expect(await settings.textContent()).toContain(`→ “${PIRATE}”`);
    expect(await prompt.getAttribute('aria-label')).toContain(`changed: system:`);
    // ... and on keyboard focus (the node before it takes the focus, then Tab moves to the prompt).
    await page.mouse.move(5, 995);
    await expect.poll(() => settings.isVisible()).toBe(false);
    await diffNode(page, 'chat-input').focus();
    await page.keyboard.press('Tab');
    expect(await isFocused(prompt)).toBe(true);
    await expect.poll(() => settings.isVisible()).toBe(true);
    // Unchanged nodes carry no mark.
    expect(await diffNode(page, 'model').getByTestId('diff-mark').count()).toBe(0);

    const legend = page.getByTestId('diff-legend');
    expect(await legend.locator('[data-status="added"]').textContent()).toContain('1 node, 1 connection');
    expect(await legend.locator('[data-status="removed"]').textContent()).toContain('1 node, 1 connection');
    expect(await legend.locator('[data-status="changed"]').textContent()).toContain('1 node');

    // Escape closes it; the focus goes back to the button that opened it; the editor is as it was.
    await page.keyboard.press('Escape');
    await page.getByTestId('canvas-diff').waitFor({ state: 'detached' });
    await expect.poll(() => isFocused(page.getByRole('button', { name: 'Show on canvas' }))).toBe(true);
    expect(await page.locator('.react-flow__node').count()).toBe(editorNodes);

    // Change the model on the canvas (not saved yet), then compare v2 with the draft.
    await page.getByRole('button', { name: 'Fit view', exact: true }).click();
    await page.locator('.react-flow__node[data-id="model"] .font-semibold').first().click();
    await page.getByLabel('Temperature').fill('0.2');
    await compare(page, '2', 'draft');
    await page.getByRole('region', { name: 'Changes from v2 to the draft' }).waitFor();
    const model = diffNode(page, 'model');
    expect(await model.getByTestId('diff-mark').textContent()).toBe('~ Changed');
    await model.getByText('Model', { exact: true }).first().hover();
    await expect.poll(() => model.getByRole('tooltip').isVisible()).toBe(true);
    expect(await model.getByRole('tooltip').textContent()).toContain('temperature: 0.7 → 0.2');
    expect(await page.getByTestId('canvas-diff').getByTestId('diff-mark').count()).toBe(1);
    expect(await page.getByTestId('diff-legend').locator('[data-status="added"]').textContent()).toContain(
      '0 nodes, 0 connections',
    );

    // The canvas is read-only while the comparison shows: undo and delete do nothing to the draft.
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Delete');
    await page.getByRole('button', { name: 'Close', exact: true }).click();
    await page.getByTestId('canvas-diff').waitFor({ state: 'detached' });
    expect(await page.locator('.react-flow__node').count()).toBe(editorNodes);
    await expect
      .poll(async () => {
        const saved = await agentOf();
        return saved.draftGraph.nodes.find((node) => node.id === 'model')?.data.config.temperature;
      })
      .toBe(0.2);
  });
});
