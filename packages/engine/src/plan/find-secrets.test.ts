import { describe, expect, it } from 'vitest';
import { findSecrets, looksLikeSecret } from './find-secrets';

describe('findSecrets', () => {
  it('flags header names that carry credentials', () => {
    const config = {
      headers: {
        'X-Api-Key': 'abc123',
        Cookie: 'session=1',
        'set-cookie': 'a=b',
        'Proxy-Authorization': 'Basic Zm9vOmJhcg==',
        accept: 'application/json',
      },
    };
    expect(findSecrets(config)).toEqual([
      ['headers', 'X-Api-Key'],
      ['headers', 'Cookie'],
      ['headers', 'set-cookie'],
      ['headers', 'Proxy-Authorization'],
    ]);
  });

  it('flags secrets in URLs: user info and secret-named query parameters', () => {
    expect(findSecrets({ url: 'https://user:hunter2@api.example.com/v1' })).toEqual([['url']]);
    expect(findSecrets({ url: 'https://api.example.com/search?q=cats&api_key=abcd1234' })).toEqual([['url']]);
    expect(findSecrets({ url: 'https://maps.example.com/?key=AIzaSyA' })).toEqual([['url']]);
    expect(findSecrets({ list: ['see https://x.example.com/a?X-Amz-Signature=deadbeef now'] })).toEqual([
      ['list', 0],
    ]);
    expect(findSecrets({ url: 'https://x.example.com/?token=t&password=p' })).toEqual([['url']]);
  });

  it('flags values shaped like known keys in any string', () => {
    const examples = [
      'sk-abcdefghijklmnopqrstuvwx',
      'Use sk-ant-api03-abcdefghijklmnopqrstuvwx please',
      'sk-proj-AbCdEfGhIjKlMnOpQrStUvWx',
      'ghp_abcdefghijklmnopqrstuvwxyz0123456789',
      'github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
      'xoxb-1234567890-abcdefghij',
      'AKIAIOSFODNN7EXAMPLE',
      'Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U',
    ];
    for (const text of examples) {
      expect(findSecrets({ prompt: text }), text).toEqual([['prompt']]);
    }
  });

  it('leaves ordinary text, templated values and plain URLs alone', () => {
    const ordinary = [
      'ask-me-anything about the task-list',
      'risk-free desk-top sk-short',
      'Use the sk- prefix for OpenAI keys',
      'https://api.example.com/search?q=token&page=2',
      'https://api.example.com/items?key={{input.key}}',
      'https://docs.example.com/authorization',
      'ghp_ is how GitHub tokens start',
      'AKIA is an AWS prefix',
      'eyJ is base64 for {"',
      'monkey: banana',
    ];
    for (const text of ordinary) {
      expect(looksLikeSecret(text), text).toBe(false);
    }
    expect(findSecrets({ keyboard: 'qwerty', tokenizer: 'cl100k', description: 'an API key field' })).toEqual(
      [],
    );
  });

  it('flags a secret-named key nested in arrays and objects', () => {
    expect(findSecrets({ tools: [{ auth: { apiKey: 'x' } }] })).toEqual([['tools', 0, 'auth', 'apiKey']]);
  });
});
