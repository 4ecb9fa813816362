import { createTranslator } from 'next-intl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import zh from '../../messages/zh-CN.json';
import { failureText, installErrorWords, issueText } from './error-words';

type Install = Parameters<typeof installErrorWords>[1];

describe('error words', () => {
  beforeAll(() => {
    // Installed only in a browser: pretend to be one.
    (globalThis as { window?: unknown }).window = globalThis;
    installErrorWords(
      'zh-CN',
      createTranslator({ locale: 'zh-CN', messages: zh, namespace: 'apiErrors' }) as unknown as Install,
    );
  });
  afterAll(() => {
    installErrorWords(
      'en',
      createTranslator({ locale: 'en', messages: zh, namespace: 'apiErrors' }) as unknown as Install,
    );
    delete (globalThis as { window?: unknown }).window;
  });

  it("says a field's zod issue in the page's language, with its limit", () => {
    expect(issueText({ path: 'password', code: 'too_small', origin: 'string', minimum: 10 })).toBe(
      '请至少输入 10 个字符。',
    );
    expect(issueText({ path: 'name', code: 'too_small', origin: 'string', minimum: 1 })).toBe('请填写此项。');
    expect(issueText({ path: 'email', code: 'invalid_format', format: 'email' })).toBe(
      '请输入有效的邮箱地址。',
    );
    expect(issueText({ path: 'x', code: 'custom' })).toBeUndefined();
  });

  it("heads a service error with its kind and keeps the API's detail", () => {
    expect(failureText({ appCode: 'forbidden', message: 'This needs the editor role.' })).toBe(
      '你无权执行此操作。（This needs the editor role.）',
    );
    expect(failureText({ network: true, message: 'Failed to fetch' })).toBe(
      '无法连接服务器。请检查网络后重试。',
    );
    expect(failureText({ message: 'Internal server error' })).toBeUndefined();
  });

  it('leaves English pages with the API’s own words', () => {
    installErrorWords(
      'en',
      createTranslator({ locale: 'en', messages: zh, namespace: 'apiErrors' }) as unknown as Install,
    );
    expect(failureText({ appCode: 'forbidden', message: 'This needs the editor role.' })).toBeUndefined();
    expect(issueText({ path: 'name', code: 'too_small', origin: 'string', minimum: 1 })).toBeUndefined();
  });
});
