import { describe, expect, it } from 'vitest';
import { renderInputTemplate } from './input-template';

describe('renderInputTemplate', () => {
  it('puts the whole body, fields of a JSON body, query values and headers into the message', () => {
    const result = renderInputTemplate(
      'New {{ body.action }} on {{body.repository.name}} by {{headers.X-User}} ({{query.source}}): {{body.labels}}',
      {
        body: '{"action":"opened","repository":{"name":"agentry"},"labels":["bug"]}',
        query: { source: 'github' },
        headers: { 'x-user': 'ada' },
      },
    );
    expect(result).toEqual({ text: 'New opened on agentry by ada (github): ["bug"]', missing: [] });
    expect(renderInputTemplate('{{body}}', { body: 'plain text' }).text).toBe('plain text');
    expect(renderInputTemplate('{{body}}', { body: '{\n  "a": 1\n}' }).text).toBe('{"a":1}');
  });

  it('reads form bodies and names the placeholders that found nothing', () => {
    expect(renderInputTemplate('{{body.name}} / {{body.email}}', { body: 'name=Ada+L&x=1' })).toEqual({
      text: 'Ada L / ',
      missing: ['{{body.email}}'],
    });
    // Like the server, text that names none of body, query or headers is kept as it is.
    expect(renderInputTemplate('{{secrets.key}} {{body.constructor}}', { body: '{}' })).toEqual({
      text: '{{secrets.key}} ',
      missing: ['{{body.constructor}}'],
    });
  });
});
