import { APICallError } from '@ai-sdk/provider';
import { RetryError, StreamProviderError } from 'ai';
import { describe, expect, it } from 'vitest';
import { ProviderConfigError } from './provider-config-error';
import { describeProviderError, isTransientProviderError } from './provider-errors';

function apiError(
  statusCode: number,
  url = 'https://api.openai.com/v1/responses',
  message = 'Something',
): APICallError {
  return new APICallError({ message, url, requestBodyValues: {}, statusCode, responseBody: '{}' });
}

function systemError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

describe('describeProviderError', () => {
  it('explains an error object a provider sent in its stream (read without streamText)', () => {
    const withStatus = describeProviderError(
      { message: 'The server had an error (500).', type: 'server_error', code: 500 },
      'openai-compatible',
    );
    expect(withStatus).toMatchObject({ code: 'server_error', status: 500 });
    expect(withStatus.message).toContain('(500)');
    const overloaded = describeProviderError(
      { message: 'Overloaded', type: 'overloaded_error' },
      'anthropic',
    );
    expect(overloaded.code).toBe('server_error');
    expect(overloaded.message).toContain('reported an error while streaming: Overloaded');
    expect(isTransientProviderError({ message: 'Bad input', type: 'invalid_request_error' })).toBe(false);
  });

  it.each([
    [400, 'unknown', false],
    [401, 'unauthorized', false],
    [403, 'unauthorized', false],
    [404, 'model_not_found', false],
    [408, 'timeout', true],
    [409, 'unknown', false],
    [422, 'unknown', false],
    [429, 'rate_limited', true],
    [500, 'server_error', true],
    [502, 'server_error', true],
    [503, 'server_error', true],
    [529, 'server_error', true],
  ])('HTTP %d is %s (transient: %s)', (status, code, transient) => {
    const error = apiError(status);
    expect(describeProviderError(error)).toMatchObject({ code, status });
    expect(isTransientProviderError(error)).toBe(transient);
  });

  it('names the provider from the URL when not told', () => {
    expect(describeProviderError(apiError(401)).message).toBe(
      'OpenAI rejected the API key (401). Check the credential.',
    );
    expect(describeProviderError(apiError(401, 'https://api.anthropic.com/v1/messages')).message).toMatch(
      /^Anthropic/,
    );
    expect(
      describeProviderError(apiError(401, 'https://generativelanguage.googleapis.com/v1beta/x')).message,
    ).toMatch(/^Google Gemini/);
    expect(describeProviderError(apiError(401, 'http://gpu-box:11434/v1/chat/completions')).message).toMatch(
      /^Ollama/,
    );
    expect(describeProviderError(apiError(401, 'http://10.0.0.2:8000/v1/chat/completions')).message).toMatch(
      /^The model provider/,
    );
    expect(describeProviderError(apiError(401), 'anthropic').message).toMatch(/^Anthropic/);
  });

  it("passes the provider's explanation on for requests it refused", () => {
    const error = apiError(400, undefined, "This model's maximum context length is 8192 tokens.");
    expect(describeProviderError(error, 'openai').message).toBe(
      "OpenAI refused the request (400). OpenAI said: This model's maximum context length is 8192 tokens.",
    );
  });

  it('unwraps the retry wrapper and cause chains', () => {
    const retry = new RetryError({
      message: 'Failed after 3 attempts',
      reason: 'maxRetriesExceeded',
      errors: [apiError(500), apiError(503)],
    });
    expect(describeProviderError(retry)).toMatchObject({ code: 'server_error', status: 503 });
    const wrapped = new TypeError('fetch failed', { cause: systemError('ECONNRESET') });
    expect(describeProviderError(wrapped, 'openai').code).toBe('network');
    expect(isTransientProviderError(wrapped)).toBe(true);
  });

  it.each([
    ['ECONNREFUSED', 'network', 'connection refused'],
    ['ECONNRESET', 'network', 'connection'],
    ['ENOTFOUND', 'network', 'host name'],
    ['EAI_AGAIN', 'network', 'host name'],
    ['UND_ERR_SOCKET', 'network', 'connection'],
    ['ETIMEDOUT', 'timeout', 'in time'],
    ['UND_ERR_HEADERS_TIMEOUT', 'timeout', 'in time'],
  ])('system error %s is %s', (code, expected, words) => {
    const error = new TypeError('fetch failed', { cause: systemError(code) });
    const described = describeProviderError(error, 'ollama');
    expect(described.code).toBe(expected);
    expect(described.message).toContain(words);
    expect(isTransientProviderError(error)).toBe(true);
  });

  it('treats a timeout signal as a timeout and a user abort as neither transient nor an outage', () => {
    expect(describeProviderError(new DOMException('timed out', 'TimeoutError')).code).toBe('timeout');
    const abort = new DOMException('aborted', 'AbortError');
    expect(describeProviderError(abort)).toEqual({
      code: 'unknown',
      message: 'The model call was cancelled.',
    });
    expect(isTransientProviderError(abort)).toBe(false);
  });

  it('reads stream errors the provider reports after the stream started', () => {
    const overloaded = new StreamProviderError({
      message: 'Overloaded',
      type: 'overloaded_error',
      isRetryable: true,
    });
    expect(describeProviderError(overloaded, 'anthropic').code).toBe('server_error');
    expect(isTransientProviderError(overloaded)).toBe(true);
    const withStatus = new StreamProviderError({ message: 'Slow down', statusCode: 429 });
    expect(describeProviderError(withStatus).code).toBe('rate_limited');
  });

  it('explains a missing credential', () => {
    const error = new ProviderConfigError('missing_credential', 'OpenAI needs an API key.', 'openai');
    expect(describeProviderError(error)).toEqual({
      code: 'unauthorized',
      message: 'OpenAI needs an API key.',
    });
  });

  it('falls back to unknown with the original message', () => {
    expect(describeProviderError(new Error('weird'), 'google')).toEqual({
      code: 'unknown',
      message: 'The call to Google Gemini failed: weird',
    });
    expect(describeProviderError('a string').code).toBe('unknown');
    expect(isTransientProviderError(undefined)).toBe(false);
  });
});
