import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  type Actor,
  createAgent,
  createApiKey,
  createOwner,
  getAgent,
  type Runtime,
  saveDraft,
  updateEmbedSettings,
} from '@agentry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../main';
import { openRuntime } from '../open-runtime';
import { useCliTestEnvironment } from '../test-support';
import { cliActor } from '../workspace';
import { type BeforeRequest, startSyncServer } from './sync-server.testing';

const examples = path.resolve(import.meta.dirname, '../../../../examples');
const supportGraph = JSON.parse(readFileSync(path.join(examples, 'support.json'), 'utf8'));
const refundCase = {
  name: 'refund branch',
  input: 'I want a refund for order 42',
  expect: [{ branch: 'refund', node: 'Intent' }, { contains: 'order 42' }],
};

describe('agentry pull, diff and push', () => {
  const cli = useCliTestEnvironment();
  let runtime: Runtime;
  let actor: Actor;
  let key: string;
  let server: { url: string; close: () => Promise<void> };
  let beforeRequest: BeforeRequest | undefined;
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const read = (name: string) => readFileSync(file(name), 'utf8');
  const sync = (...args: string[]) => main([...args, dir, '--server', server.url, '--key', key]);

  beforeEach(async () => {
    runtime = await openRuntime('sync test');
    await createOwner(runtime, { name: 'Owner', email: 'owner@example.com', password: 'a-long-password' });
    actor = await cliActor(runtime);
    key = (await createApiKey(runtime, actor.workspaceId, 'git', { createdBy: actor.user.id })).key;
    beforeRequest = undefined;
    server = await startSyncServer(
      runtime,
      (method, pathname) => beforeRequest?.(method, pathname) ?? Promise.resolve(),
    );
    dir = path.join(cli.dataDir, 'agents');
    const support = await createAgent(runtime, actor, { name: 'Support', graph: supportGraph });
    await updateEmbedSettings(runtime, actor, { id: support.id, settings: { title: 'Shop help' } as never });
    const put = await fetch(`${server.url}/api/v1/agents/${support.id}/tests`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ cases: [refundCase] }),
    });
    expect(put.status).toBe(200);
  });
  afterEach(async () => {
    await server.close();
    await runtime.database.close();
    // The key is a secret: no command may print it.
    expect([...cli.output, ...cli.errors].join('\n')).not.toContain(key);
  });

  it('pulls files eval can run, shows an edit in diff, pushes it, and a second pull finds nothing', async () => {
    expect(await sync('pull')).toBe(0);
    const support = await getAgent(runtime, actor.workspaceId, 'support');
    expect(JSON.parse(read('support.json'))).toEqual({
      version: 1,
      nodes: supportGraph.nodes,
      edges: supportGraph.edges,
    });
    expect(JSON.parse(read('support.embed.json'))).toMatchObject({ title: 'Shop help', allowedOrigins: [] });
    expect(
      read('support.cases.jsonl')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line)),
    ).toEqual([refundCase]);
    expect(JSON.parse(read('.agentry/state.json'))).toEqual({
      version: 1,
      server: server.url,
      agents: [{ slug: 'support', id: support.id, revision: 1 }],
    });
    expect(read('.agentry/state.json')).not.toContain(key);
    // The case file sits where `agentry eval` looks for it, and passes on the offline model.
    expect(await main(['eval', file('support.json')])).toBe(0);

    cli.output.length = 0;
    expect(await sync('diff')).toBe(0);
    expect(cli.output.join('\n')).toContain('Nothing to push');

    const graph = JSON.parse(read('support.json'));
    graph.nodes.find((node: { id: string }) => node.id === 'refund-prompt').data.label = 'Refunds';
    writeFileSync(file('support.json'), JSON.stringify(graph));
    const embed = JSON.parse(read('support.embed.json'));
    writeFileSync(file('support.embed.json'), JSON.stringify({ ...embed, title: 'Returns desk' }));
    writeFileSync(
      file('support.cases.jsonl'),
      `${read('support.cases.jsonl')}${JSON.stringify({ name: 'hello', input: 'hello', expect: [] })}\n`,
    );
    cli.output.length = 0;
    expect(await sync('diff')).toBe(1);
    const diff = cli.output.join('\n');
    expect(diff).toContain('support: update');
    expect(diff).toContain('~ node refund-prompt (Refunds)');
    expect(diff).toContain('label: "Refund policy" → "Refunds"');
    expect(diff).toContain('~ embed settings: title');
    expect(diff).toContain('~ test cases: added hello');

    expect(await sync('push')).toBe(0);
    const pushed = await getAgent(runtime, actor.workspaceId, 'support');
    expect(pushed.draftRevision).toBe(2);
    expect(JSON.stringify(pushed.draftGraph)).toContain('"label":"Refunds"');
    expect((pushed.embedSettings as { title: string }).title).toBe('Returns desk');
    expect(JSON.parse(read('.agentry/state.json')).agents[0].revision).toBe(2);

    const files = ['support.json', 'support.embed.json', 'support.cases.jsonl'].map(read);
    expect(await sync('pull')).toBe(0);
    cli.output.length = 0;
    expect(await sync('diff')).toBe(0);
    expect(JSON.parse(read('support.json'))).toEqual(JSON.parse(files[0]!));
    expect(read('support.cases.jsonl').trim().split('\n')).toHaveLength(2);
    // Pulling unchanged agents again rewrites no byte (clean git diffs), and pushing them changes nothing.
    const pulledTexts = ['support.json', 'support.embed.json', 'support.cases.jsonl', '.agentry/state.json'];
    const before = pulledTexts.map(read);
    expect(await sync('pull')).toBe(0);
    expect(pulledTexts.map(read)).toEqual(before);
    expect(await sync('push')).toBe(0);
    expect((await getAgent(runtime, actor.workspaceId, 'support')).draftRevision).toBe(2);
  });

  it('refuses to push over a draft changed since the pull, found before writing or by the 409, until --force', async () => {
    expect(await sync('pull')).toBe(0);
    const support = await getAgent(runtime, actor.workspaceId, 'support');
    const edited = (label: string) => {
      const graph = structuredClone(supportGraph);
      graph.nodes[2].data.label = label;
      return graph;
    };
    await saveDraft(runtime, actor, { id: support.id, graph: edited('Theirs'), baseRevision: 1 });
    writeFileSync(file('support.json'), JSON.stringify(edited('Mine')));

    cli.output.length = 0;
    expect(await sync('diff')).toBe(1);
    expect(cli.output.join('\n')).toContain('support changed on the server since the pull (revision 1 → 2)');
    expect(await sync('push')).toBe(1);
    expect(cli.errors.join('\n')).toMatch(
      /Nothing was pushed:\n {2}support changed on the server since the pull.*\n.*--force/,
    );
    expect(JSON.stringify((await getAgent(runtime, actor.workspaceId, 'support')).draftGraph)).toContain(
      'Theirs',
    );

    // Up to date after a pull, then someone saves between push's check and its write: the server's 409.
    expect(await sync('pull')).toBe(0);
    writeFileSync(file('support.json'), JSON.stringify(edited('Mine')));
    beforeRequest = async (method, pathname) => {
      if (method !== 'PUT' || pathname !== `/api/v1/agents/${support.id}`) return;
      beforeRequest = undefined;
      await saveDraft(runtime, actor, { id: support.id, graph: edited('Racing'), baseRevision: 2 });
    };
    cli.errors.length = 0;
    expect(await sync('push')).toBe(1);
    expect(cli.errors.join('\n')).toContain('support changed on the server while pushing');
    expect(JSON.stringify((await getAgent(runtime, actor.workspaceId, 'support')).draftGraph)).toContain(
      'Racing',
    );

    expect(await sync('push', '--force')).toBe(0);
    const forced = await getAgent(runtime, actor.workspaceId, 'support');
    expect(JSON.stringify(forced.draftGraph)).toContain('Mine');
    expect(JSON.parse(read('.agentry/state.json')).agents[0].revision).toBe(forced.draftRevision);
  });

  it('refuses a push with any file that has problems, changing nothing, and names file and node', async () => {
    expect(await sync('pull')).toBe(0);
    const graph = JSON.parse(read('support.json'));
    graph.nodes[2].data.label = 'Edited';
    writeFileSync(file('support.json'), JSON.stringify(graph));
    const broken = structuredClone(supportGraph);
    broken.edges.push({
      id: 'e-bad',
      source: 'intent',
      sourceHandle: 'nowhere',
      target: 'ghost',
      targetHandle: 'in',
    });
    writeFileSync(file('broken.json'), JSON.stringify(broken));
    writeFileSync(file('fine.json'), JSON.stringify(supportGraph));
    writeFileSync(file('fine.cases.jsonl'), '{"name":"no input","expect":[]}\n');
    writeFileSync(file('Not A Slug.json'), JSON.stringify(supportGraph));

    expect(await sync('push')).toBe(1);
    const message = cli.errors.join('\n');
    expect(message).toContain('Nothing was pushed: 3 file(s) have problems.');
    expect(message).toMatch(/broken\.json: \d+ problem\(s\):\n.*edge e-bad/);
    expect(message).toMatch(/fine\.cases\.jsonl: 1 case\(s\) not valid:\n {2}- line 1: /);
    expect(message).toContain("Not A Slug.json: name a graph file after the agent's slug");
    const after = await getAgent(runtime, actor.workspaceId, 'support');
    expect(after.draftRevision).toBe(1);
    expect((await runtime.database.execute('select id from agents')).length).toBe(1);
  });

  it('creates an agent for a new file, with its embed settings and cases, and records it', async () => {
    expect(await sync('pull')).toBe(0);
    writeFileSync(file('greeter.json'), readFileSync(path.join(examples, 'chatbot.json')));
    writeFileSync(
      file('greeter.embed.json'),
      JSON.stringify({ title: 'Greeter', allowedOrigins: ['https://shop.example'] }),
    );
    writeFileSync(
      file('greeter.cases.jsonl'),
      `${JSON.stringify({ name: 'hi', input: 'hi', expect: [] })}\n`,
    );
    cli.output.length = 0;
    expect(await sync('diff')).toBe(1);
    expect(cli.output.join('\n')).toMatch(/greeter: create\n {2}\+ node /);

    expect(await sync('push')).toBe(0);
    const greeter = await getAgent(runtime, actor.workspaceId, 'greeter');
    expect(greeter.name).toBe('greeter');
    expect(greeter.embedSettings).toMatchObject({
      title: 'Greeter',
      allowedOrigins: ['https://shop.example'],
    });
    const cases = await runtime.database.execute(
      `select name from eval_cases where agent_id = '${greeter.id}'`,
    );
    expect(cases).toEqual([{ name: 'hi' }]);
    const state = JSON.parse(read('.agentry/state.json'));
    expect(state.agents.map((entry: { slug: string }) => entry.slug)).toEqual(['greeter', 'support']);
    expect(state.agents[0]).toEqual({ slug: 'greeter', id: greeter.id, revision: 1 });
    cli.output.length = 0;
    expect(await sync('diff')).toBe(0);
  });

  it('needs a key with the manage scope and https off this machine, writing nothing when refused', async () => {
    const runOnly = (await createApiKey(runtime, actor.workspaceId, 'run', { scopes: ['run'] })).key;
    expect(await main(['pull', dir, '--server', server.url, '--key', runOnly])).toBe(1);
    expect(cli.errors.join('\n')).toContain('lacks the "manage" scope');
    expect(existsSync(dir)).toBe(false);
    expect(await main(['pull', dir, '--server', 'http://agentry.example.com', '--key', key])).toBe(1);
    expect(cli.errors.join('\n')).toContain(
      'Refusing to send the API key over plain http to agentry.example.com',
    );
    expect(await main(['pull', dir, '--server', server.url])).toBe(1);
    expect(cli.errors.join('\n')).toContain('--key KEY or AGENTRY_API_KEY');
    expect(runOnly).not.toBe(key);
  });
});
