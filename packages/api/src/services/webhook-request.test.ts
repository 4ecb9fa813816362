import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { isValidSignature, parseWebhookBody, renderInputTemplate } from './webhook-request';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('webhook bodies', () => {
  it('parses JSON, URL-encoded and multipart forms by Content-Type, else keeps the text', async () => {
    expect(await parseWebhookBody(bytes('{"a":{"b":[1,2]}}'), 'application/json; charset=utf-8')).toEqual({
      a: { b: [1, 2] },
    });
    expect(
      await parseWebhookBody(bytes('tag=a&tag=b&name=Ada'), 'application/x-www-form-urlencoded'),
    ).toEqual({
      tag: ['a', 'b'],
      name: 'Ada',
    });
    const form = new FormData();
    form.set('email', 'ada@example.com');
    const multipart = new Response(form);
    const raw = new Uint8Array(await multipart.arrayBuffer());
    expect(await parseWebhookBody(raw, multipart.headers.get('content-type'))).toEqual({
      email: 'ada@example.com',
    });
    expect(await parseWebhookBody(bytes('plain words'), 'text/plain')).toBe('plain words');
    expect(await parseWebhookBody(bytes('no type'), null)).toBe('no type');
  });

  it('refuses JSON that does not parse with a 400 saying so', async () => {
    const error = await parseWebhookBody(bytes('{"a":'), 'application/json').catch(
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toContain('JSON');
  });
});

describe('input templates', () => {
  const data = {
    body: { order: { id: 7, items: [{ sku: 'A1' }] }, note: 'fragile' },
    text: '{"order":{"id":7,"items":[{"sku":"A1"}]},"note":"fragile"}',
    query: { shop: 'north' },
    headers: { 'x-event': 'order.created' },
  };

  it('fills body fields, query and headers; objects as JSON, missing values as nothing', () => {
    expect(
      renderInputTemplate(
        'Order {{body.order.id}} ({{ body.note }}) at {{query.shop}}: {{headers.X-Event}}; sku {{body.order.items.0.sku}}; {{body.missing.deep}}|',
        data,
      ),
    ).toBe('Order 7 (fragile) at north: order.created; sku A1; |');
    expect(renderInputTemplate('{{body.order.items}}', data)).toBe('[{"sku":"A1"}]');
    expect(renderInputTemplate('{{body}}', data)).toBe(JSON.stringify(data.body));
    expect(renderInputTemplate('{{body}}', { ...data, body: 'raw text', text: 'raw text' })).toBe('raw text');
  });

  it('keeps other braces as written and does not reach into prototypes', () => {
    expect(renderInputTemplate('{{message}} {{body.constructor}} {{body.__proto__}}', data)).toBe(
      '{{message}}  ',
    );
  });
});

describe('HMAC signatures', () => {
  const secret = 'shared-secret';
  const raw = bytes('{"event":"paid"}');
  const hex = (algorithm: string, key = secret, body: Uint8Array = raw) =>
    createHmac(algorithm, key).update(body).digest('hex');

  it('accepts the prefix and hex digest of the raw body under the secret', () => {
    expect(
      isValidSignature(raw, `sha256=${hex('sha256')}`, secret, { algorithm: 'sha256', prefix: 'sha256=' }),
    ).toBe(true);
    expect(
      isValidSignature(raw, hex('sha512').toUpperCase(), secret, { algorithm: 'sha512', prefix: '' }),
    ).toBe(true);
  });

  it('refuses another secret, another body, a missing prefix, a missing header and another length', () => {
    const options = { algorithm: 'sha256', prefix: 'sha256=' };
    expect(isValidSignature(raw, `sha256=${hex('sha256', 'other')}`, secret, options)).toBe(false);
    expect(
      isValidSignature(raw, `sha256=${hex('sha256', secret, bytes('{"event":"refund"}'))}`, secret, options),
    ).toBe(false);
    expect(isValidSignature(raw, hex('sha256'), secret, options)).toBe(false);
    expect(isValidSignature(raw, null, secret, options)).toBe(false);
    expect(isValidSignature(raw, 'sha256=abc', secret, options)).toBe(false);
    expect(isValidSignature(raw, `sha256=${hex('sha1')}`, secret, options)).toBe(false);
  });
});
