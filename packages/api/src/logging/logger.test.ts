import { Writable } from 'node:stream';
import { APICallError } from '@ai-sdk/provider';
import { afterEach, describe, expect, it } from 'vitest';
import { captureLogs } from './capture.testing';
import { createLogger, engineLogger } from './logger';
import { forgetSecrets, rememberSecret } from './redaction';
import { runWithRequestContext } from './request-context';

afterEach(() => forgetSecrets());

describe('levels', () => {
  it('writes the configured level and the more severe ones only', async () => {
    const logs = await captureLogs('warn');
    logs.logger.trace('t');
    logs.logger.debug('d');
    logs.logger.info('i');
    logs.logger.warn('w');
    logs.logger.error('e');
    logs.logger.fatal('f');
    expect(logs.lines().map((line) => line.msg)).toEqual(['w', 'e', 'f']);
  });

  it('writes everything at trace and nothing when silent', async () => {
    const trace = await captureLogs('trace');
    trace.logger.trace('t');
    trace.logger.debug('d');
    expect(trace.lines().map((line) => line.level)).toEqual(['trace', 'debug']);
    const silent = await captureLogs('silent');
    silent.logger.fatal('f');
    expect(silent.text()).toBe('');
  });
});

describe('format', () => {
  it('writes one JSON object a line in production: time, level name, service, message, fields', async () => {
    const previous = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    const written: string[] = [];
    try {
      const logger = await createLogger({
        service: 'agentry-web',
        level: 'info',
        destination: { write: (line: string) => void written.push(line) },
      });
      logger.info({ runId: 'r1' }, 'A run ended');
      runWithRequestContext({ requestId: 'req-1' }, () => logger.warn('inside a request'));
    } finally {
      process.env.NODE_ENV = previous;
    }
    expect(written).toHaveLength(2);
    expect(written.every((line) => line.endsWith('\n') && !line.slice(0, -1).includes('\n'))).toBe(true);
    const [first, second] = written.map((line) => JSON.parse(line));
    expect(first).toEqual({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      service: 'agentry-web',
      runId: 'r1',
      msg: 'A run ended',
    });
    expect(first).not.toHaveProperty('requestId');
    expect(second).toMatchObject({ level: 'warn', requestId: 'req-1', msg: 'inside a request' });
  });

  it('writes readable lines in development', async () => {
    let text = '';
    const destination = new Writable({
      write(chunk, _encoding, done) {
        text += String(chunk);
        done();
      },
    });
    const logger = await createLogger({ service: 'agentry-web', level: 'info', pretty: true, destination });
    logger.info({ runId: 'r1' }, 'A run ended');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(text).toContain('A run ended');
    expect(text).toContain('runId');
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe('secrets', () => {
  it('redacts secret fields, one level down, and secret headers', async () => {
    const logs = await captureLogs('info');
    logs.logger.info(
      {
        authorization: 'Bearer top-level-secret',
        apiKey: 'key-1',
        credential: { apiKey: 'key-2' },
        provider: { token: 'key-3', password: 'key-4', model: 'gpt' },
        request: { method: 'POST', headers: { authorization: 'Bearer key-5', cookie: 's=key-6' } },
        headers: { 'set-cookie': 'key-7', 'x-api-key': 'key-8', accept: 'text/html' },
      },
      'a line with secrets in its fields',
    );
    const text = logs.text();
    for (const secret of [
      'top-level-secret',
      'key-1',
      'key-2',
      'key-3',
      'key-4',
      'key-5',
      'key-6',
      'key-7',
      'key-8',
    ])
      expect(text).not.toContain(secret);
    const [line] = logs.lines();
    expect(line).toMatchObject({
      apiKey: '[Redacted]',
      provider: { token: '[Redacted]', model: 'gpt' },
      request: { method: 'POST', headers: { authorization: '[Redacted]' } },
      headers: { accept: 'text/html' },
    });
  });

  it("writes an error's message, code and causes, never a provider's request or response body", async () => {
    const logs = await captureLogs('info');
    const providerError = new APICallError({
      message: 'Unauthorized',
      url: 'https://api.example.com/v1/chat/completions',
      requestBodyValues: { messages: [{ role: 'user', content: 'private question' }] },
      statusCode: 401,
      responseHeaders: { 'set-cookie': 'session=abc' },
      responseBody: '{"error":"bad key body-secret"}',
    });
    const error = new Error('The model call failed', { cause: providerError });
    logs.logger.error({ err: error }, 'failed');
    const [line] = logs.lines();
    expect(line?.err).toMatchObject({
      type: 'Error',
      message: 'The model call failed',
      cause: { type: 'AI_APICallError', message: 'Unauthorized', statusCode: 401 },
    });
    expect(logs.text()).not.toContain('body-secret');
    expect(logs.text()).not.toContain('private question');
    expect(logs.text()).not.toContain('session=abc');
  });

  it('stops at a loop of causes', async () => {
    const logs = await captureLogs('info');
    const first = new Error('first');
    const second = new Error('second', { cause: first });
    first.cause = second;
    logs.logger.error({ err: first }, 'loop');
    expect(logs.lines()).toHaveLength(1);
  });

  it('scrubs known secrets from messages and any field, also when JSON escapes them', async () => {
    const logs = await captureLogs('info');
    rememberSecret('sk-known-secret-123');
    rememberSecret('quote"and\\slash-secret');
    rememberSecret('short');
    logs.logger.warn(
      { reason: 'the provider said: bad key sk-known-secret-123', other: 'quote"and\\slash-secret' },
      'key sk-known-secret-123 refused',
    );
    logs.logger.info('a short word stays');
    const text = logs.text();
    expect(text).not.toContain('sk-known-secret-123');
    expect(text).not.toContain('slash-secret');
    expect(logs.lines()[0]).toMatchObject({ msg: 'key [Redacted] refused' });
    expect(logs.lines()[1]).toMatchObject({ msg: 'a short word stays' });
  });
});

describe('engineLogger', () => {
  it("puts the run's id on the engine's lines and does nothing below the level", async () => {
    const logs = await captureLogs('info');
    const logger = engineLogger(logs.logger, { runId: 'run-1' });
    logger.debug('quiet', { nodeId: 'n0' });
    logger.warn('Retrying node after a transient error', { nodeId: 'n1', delay: 100 });
    logger.error('plain');
    expect(logs.lines()).toEqual([
      expect.objectContaining({ level: 'warn', runId: 'run-1', nodeId: 'n1', delay: 100 }),
      expect.objectContaining({ level: 'error', runId: 'run-1', msg: 'plain' }),
    ]);
  });
});
