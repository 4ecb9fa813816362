import { describe, expect, it } from 'vitest';
import { type CaseDraft, caseToDraft, draftToCase, switchInputMode } from './case-draft';
import { newExpectationDraft } from './expectation-draft';
import { evalWords } from './test-words';

const en = evalWords('en');
const zh = evalWords('zh-CN');

describe('case drafts', () => {
  it('round-trips a case with one message and one with a conversation', () => {
    const single = { name: 'Refund', input: 'Where is my refund?', expect: [{ contains: 'refund' }] };
    expect(draftToCase(caseToDraft(single), en)).toEqual({ value: single });
    const conversation = {
      name: 'Follow-up',
      input: [
        { role: 'user' as const, content: 'Hi' },
        { role: 'assistant' as const, content: 'Hello!' },
        { role: 'user' as const, content: 'Refund?' },
      ],
      expect: [],
    };
    expect(draftToCase(caseToDraft(conversation), en)).toEqual({ value: conversation });
  });

  it('carries the message over when switching forms, and keeps what each form had', () => {
    const draft = { ...caseToDraft(), name: 'x', message: 'Where is my refund?' };
    const conversation = switchInputMode(draft, 'conversation');
    expect(conversation.messages).toEqual([{ role: 'user', content: 'Where is my refund?' }]);
    const edited = {
      ...conversation,
      messages: [...conversation.messages, { role: 'user' as const, content: 'Still waiting' }],
    };
    const back = switchInputMode(edited, 'message');
    expect(back.message).toBe('Where is my refund?');
    expect(switchInputMode(back, 'conversation').messages).toHaveLength(2);
    expect(switchInputMode({ ...edited, message: '' }, 'message').message).toBe('Still waiting');
  });

  it('places every problem at its field and saves nothing', () => {
    const draft: CaseDraft = {
      name: '  ',
      mode: 'conversation',
      message: '',
      messages: [
        { role: 'user', content: '' },
        { role: 'assistant', content: 'Hello' },
      ],
      expectations: [
        newExpectationDraft('contains'),
        { key: 1, kind: 'toolCalled', tool: 'search', args: '' },
      ],
    };
    const result = draftToCase(draft, en);
    expect(result.value).toBeUndefined();
    expect(result.errors).toEqual({
      name: 'Name the case (1 to 200 characters).',
      input: 'The last message must be the user’s: it is the turn the agent answers.',
      'messages.0.content': 'Write the message or remove it.',
      'expect.0.texts': 'Enter at least one text.',
    });
    expect(draftToCase(draft, zh).errors).toEqual({
      name: '请为用例命名（1到200个字符）。',
      input: '最后一条消息必须来自用户：智能体回答的就是这一轮。',
      'messages.0.content': '请填写这条消息，或将其移除。',
      'expect.0.texts': '请至少输入一段文本。',
    });
  });

  it('asks for a message, and for at least one message in a conversation', () => {
    expect(draftToCase({ ...caseToDraft(), name: 'a' }, en).errors).toEqual({
      input: 'Write the message the agent answers.',
    });
    expect(draftToCase({ ...caseToDraft(), name: 'a', mode: 'conversation' }, en).errors).toEqual({
      input: 'Add at least one message.',
    });
  });

  it('refuses more expectations than a case may have', () => {
    const many = Array.from({ length: 31 }, () => ({ ...newExpectationDraft('cites') }));
    const draft = { ...caseToDraft(), name: 'a', message: 'b', expectations: many };
    expect(draftToCase(draft, en).errors).toEqual({ expect: 'At most 30 expectations a case.' });
    expect(draftToCase(draft, zh).errors).toEqual({ expect: '每个用例最多30条期望。' });
  });

  it('says the longest message in the locale’s numbers', () => {
    const draft = { ...caseToDraft(), name: 'a', message: 'x'.repeat(20_001) };
    expect(draftToCase(draft, en).errors).toEqual({ input: 'At most 20,000 characters.' });
    expect(draftToCase(draft, zh).errors).toEqual({ input: '最多20,000个字符。' });
  });
});
