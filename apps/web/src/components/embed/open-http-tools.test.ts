import { describe, expect, it } from 'vitest';
import { findOpenHttpTools } from './open-http-tools';

const httpTool = (id: string, config: object) => ({ id, type: 'http-request-tool', data: { config } });

describe('findOpenHttpTools', () => {
  it('finds HTTP Request tools without allowHosts, in the published graph and the draft', () => {
    const published = {
      nodes: [
        httpTool('open', { name: 'fetch_page' }),
        httpTool('bound', { allowHosts: ['api.example.com'] }),
        { id: 'calc', type: 'calculator-tool', data: { config: {} } },
      ],
    };
    const draft = { nodes: [httpTool('open', { name: 'fetch_page' }), httpTool('new', { allowHosts: [] })] };
    expect(findOpenHttpTools(published, draft)).toEqual([
      { nodeId: 'open', name: 'fetch_page' },
      { nodeId: 'new', name: 'http_request' },
    ]);
  });

  it('finds nothing when every HTTP tool lists its hosts, or when there is no graph', () => {
    expect(findOpenHttpTools({ nodes: [httpTool('a', { allowHosts: ['*.example.com'] })] })).toEqual([]);
    expect(findOpenHttpTools(undefined, null, {}, { nodes: 'x' })).toEqual([]);
  });
});
