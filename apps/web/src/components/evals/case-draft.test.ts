import { describe, expect, it } from 'vitest';
import { type CaseDraft, caseToDraft, draftToCase, switchInputMode } from './case-draft';
import { newExpectationDraft } from './expectation-draft';

describe('case drafts', () => {
  it('round-trips a case with one message and one with a conversation', () => {
    const single = { name: 'Refund', input: 'Where is my refund?', expect: [{ contains: 'refund' }] };
    expect(draftToCase(caseToDraft(single))).toEqual({ value: single });
    const conversation = {
      name: 'Follow-up',
      input: [
        { role: 'user' as const, content: 'Hi' },
        { role: 'assistant' as const, content: 'Hello!' },
        { role: 'user' as const, content: 'Refund?' },
      ],
      expect: [],
    };
    expect(draftToCase(caseToDraft(conversation))).toEqual({ value: conversation });
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
    const result = draftToCase(draft);
    expect(result.value).toBeUndefined();
    expect(result.errors).toEqual({
      name: 'Name the case (1 to 200 characters).',
      input: 'The last message must be the user’s: it is the turn the agent answers.',
      'messages.0.content': 'Write the message or remove it.',
      'expect.0.texts': 'Enter at least one text.',
    });
  });

  it('asks for a message, and for at least one message in a conversation', () => {
    expect(draftToCase({ ...caseToDraft(), name: 'a' }).errors).toEqual({
      input: 'Write the message the agent answers.',
    });
    expect(draftToCase({ ...caseToDraft(), name: 'a', mode: 'conversation' }).errors).toEqual({
      input: 'Add at least one message.',
    });
  });

  it('refuses more expectations than a case may have', () => {
    const many = Array.from({ length: 31 }, () => ({ ...newExpectationDraft('cites') }));
    expect(draftToCase({ ...caseToDraft(), name: 'a', message: 'b', expectations: many }).errors).toEqual({
      expect: 'At most 30 expectations a case.',
    });
  });
});
