'use client';

import type { AgentryUIMessage, ApprovalRequest, NodeDataPart, ToolDataPart } from '@agentry/engine';
import type { Graph, GraphProblem } from '@agentry/engine/graph';
import { useTranslations } from 'next-intl';
import {
  type ClipboardEvent,
  type DragEvent,
  type FormEvent,
  type KeyboardEvent,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type ApprovalAnswer, AnswerForm } from '../approvals/answer-form';
import { SaveConversationAsTest } from '../evals/save-as-test';
import { KnowledgeSources } from '../knowledge/knowledge-sources';
import { useEngineWords } from '@/i18n/engine-words';
import { Button } from '../ui';
import { openQuestion, type PreviewMessage, type PreviewPart } from './chat-message';
import { type ChatFilePart, filesOf } from './attachments';
import { AttachmentChips, SentFile } from './file-chips';
import { Markdown } from './markdown';
import { ReasoningFold } from './reasoning-fold';
import { describeModels } from './model-label';
import { usePreviewErrorText } from './preview-words';
import { useAttachments } from './use-attachments';
import { usePreviewChat } from './use-preview-chat';

/** What the preview reports to the canvas about each node while a run streams. */
export type PreviewNodeState = Pick<
  NodeDataPart,
  'status' | 'inputs' | 'outputPreview' | 'usage' | 'durationMs' | 'error'
>;

/** How the builder plugs the preview in. */
export interface PreviewPanelProps {
  agentId: string;
  /** The draft as the canvas has it now (for node ids and the model label). */
  graph: Graph;
  /** The draft's validation problems; a draft with problems cannot run. */
  problems: readonly GraphProblem[];
  /** Saves the draft now if it has unsaved changes, so the server runs what the canvas shows. */
  flushSave: () => Promise<void>;
  /** Called before each run with every node id ("waiting"), then with each node's state as it changes. */
  onRunStart: (nodeIds: string[]) => void;
  onNodeState: (nodeId: string, state: PreviewNodeState) => void;
  /** Opens the problems list. */
  onOpenProblems: () => void;
  /** Selects and centers a node on the canvas. */
  onFocusNode?: (nodeId: string) => void;
  /** The person may change the agent (editors): offers "Save as test". */
  canEdit?: boolean;
}

function ToolCall({ part }: { part: ToolDataPart }) {
  const t = useTranslations('preview.tool');
  return (
    <details className="rounded-md border border-slate-200 bg-slate-50 px-2 py-1 text-xs">
      <summary className="cursor-pointer select-none text-slate-600">
        {t.rich('summary', {
          name: part.toolName,
          status: part.status,
          code: (chunks) => <code>{chunks}</code>,
        })}
      </summary>
      <pre className="mt-1 whitespace-pre-wrap break-all">
        {t('input', { json: JSON.stringify(part.input) })}
      </pre>
      {part.output !== undefined ? (
        <pre className="mt-1 whitespace-pre-wrap break-all">
          {t('output', { json: JSON.stringify(part.output) })}
        </pre>
      ) : null}
    </details>
  );
}

/** A tool call's question (made here, not by the run): its fixed choices in the page's language. */
function useToolRequest(request: ApprovalRequest): ApprovalRequest {
  const t = useTranslations('preview.tool');
  if (request.kind !== 'tool') return request;
  return {
    ...request,
    message: t('question', { name: request.toolCall?.toolName ?? '' }),
    choices: request.choices.map((choice) =>
      choice.id === 'approve'
        ? { ...choice, label: t('approve') }
        : choice.id === 'deny'
          ? { ...choice, label: t('deny') }
          : choice,
    ),
  };
}

/** One part of a message: text, a folded tool call, or a question (answerable while it is open). */
function MessagePart(props: {
  agentId: string;
  part: PreviewPart;
  role: PreviewMessage['role'];
  open: boolean;
  busy: boolean;
  onAnswer: (requestId: string, answer: ApprovalAnswer) => void;
}) {
  const { agentId, part, role, open, busy, onAnswer } = props;
  if (part.type === 'approval') return <Question part={part} open={open} busy={busy} onAnswer={onAnswer} />;
  if (part.type === 'file') return <SentFile agentId={agentId} part={part} />;
  if (part.type === 'text')
    return role === 'user' ? (
      <p className="whitespace-pre-wrap">{part.text}</p>
    ) : (
      <Markdown text={part.text} />
    );
  if (part.type === 'data-tool') return <ToolCall part={part.data} />;
  return <ReasoningFold text={part.text} />;
}

/** A question the run asked: its answer controls while it is open, else what was answered. */
function Question(props: {
  part: Extract<PreviewPart, { type: 'approval' }>;
  open: boolean;
  busy: boolean;
  onAnswer: (requestId: string, answer: ApprovalAnswer) => void;
}) {
  const { part, open, busy, onAnswer } = props;
  const t = useTranslations('preview.answered');
  const request = useToolRequest(part.request);
  if (open)
    return <AnswerForm request={request} busy={busy} onAnswer={(answer) => onAnswer(request.id, answer)} />;
  const choice = request.choices.find((item) => item.id === part.answer)?.label;
  const tool = request.toolCall?.toolName ?? '';
  return (
    <p className="rounded-md border border-slate-200 bg-slate-50 px-2 py-1 text-xs text-slate-600">
      {request.kind === 'tool'
        ? choice
          ? t('toolChoice', { tool, choice })
          : t('tool', { tool })
        : choice
          ? t('questionChoice', { question: request.message, choice })
          : t('question', { question: request.message })}
    </p>
  );
}

/** A stable key: questions and tools by id, text by node and place (text parts are only appended). */
function partKey(part: PreviewPart, index: number): string {
  if (part.type === 'approval') return `approval-${part.request.id}`;
  if (part.type === 'data-tool') return `tool-${part.id}`;
  if (part.type === 'file') return `file-${part.url}-${index}`;
  if (part.type === 'reasoning') return `reasoning-${part.nodeId}-${index}`;
  return `text-${part.nodeId}-${index}`;
}

function runError(message: PreviewMessage): { code: string; message: string; nodeId?: string } | undefined {
  return message.run?.status === 'failed' ? message.run.error : undefined;
}

/** The tool parts of a message, for the sources list (which reads `data-tool` parts). */
function toolParts(message: PreviewMessage): Pick<AgentryUIMessage, 'parts'> {
  return { parts: message.parts.filter((part) => part.type === 'data-tool') as AgentryUIMessage['parts'] };
}

/**
 * The preview chat: sends turns to the current draft and follows each run by event number, renders the
 * answer as sanitised markdown, folds tool calls, shows a waiting run's question inline with its answer
 * controls, and reports node states to the canvas as they stream. It reattaches by itself after a
 * dropped connection, a server restart or a reload (the conversation lives in sessionStorage). Stop
 * stops reading, which cancels the run on the server.
 */
export function PreviewPanel(props: PreviewPanelProps) {
  const {
    agentId,
    graph,
    problems,
    flushSave,
    onRunStart,
    onNodeState,
    onOpenProblems,
    onFocusNode,
    canEdit,
  } = props;
  const t = useTranslations('preview');
  const { errorTitle } = useEngineWords();
  const errorText = usePreviewErrorText();
  const [draft, setDraft] = useState('');
  /** Why the draft cannot run now: its problems (how many), or a save that failed (its words). */
  const [blocked, setBlocked] = useState<{ problems: number } | { saveError?: string } | null>(null);
  const { store, state } = usePreviewChat(agentId, onNodeState);
  const { tray, files } = useAttachments(agentId);
  const [dragging, setDragging] = useState(false);
  const picker = useRef<HTMLInputElement>(null);
  const uploading = files.some((file) => file.status === 'uploading');
  const ready = files.some((file) => file.status === 'ready');
  const { messages, status, error } = state;
  const models = useMemo(() => describeModels(graph), [graph]);
  const busy = status === 'submitted' || status === 'streaming' || status === 'reconnecting';
  const scroller = useRef<HTMLDivElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: scroll whenever the messages change
  useEffect(() => {
    scroller.current?.scrollTo({ top: scroller.current.scrollHeight });
  }, [messages]);

  async function prepare(): Promise<boolean> {
    if (problems.length > 0) {
      setBlocked({ problems: problems.length });
      onOpenProblems();
      return false;
    }
    setBlocked(null);
    try {
      await flushSave();
    } catch (saveError) {
      // An unresolved save conflict (or a failed save) must be settled before the server runs the draft.
      setBlocked({ saveError: saveError instanceof Error ? saveError.message : undefined });
      return false;
    }
    onRunStart(graph.nodes.map((node) => node.id));
    return true;
  }

  async function send(event?: FormEvent) {
    event?.preventDefault();
    const text = draft.trim();
    if ((!text && !ready) || busy || uploading) return;
    if (!(await prepare())) return;
    setDraft('');
    const parts = tray.parts();
    tray.clear();
    await store.send(text, parts);
  }

  /** Sends the last user message again (after a failure, or to get another answer). */
  async function retry() {
    const lastUser = messages.findLast((message) => message.role === 'user');
    const text = lastUser?.parts.map((part) => (part.type === 'text' ? part.text : '')).join('') ?? '';
    const sent = (lastUser?.parts ?? []).filter((part): part is ChatFilePart => part.type === 'file');
    if ((!text && sent.length === 0) || !(await prepare())) return;
    store.dropFrom(lastUser!.id);
    await store.send(text, sent);
  }

  function newConversation() {
    store.clear();
    tray.clear();
    setBlocked(null);
    onRunStart([]);
  }

  /** A pasted image (a screenshot) or file is attached; pasted text stays text. */
  function onPaste(event: ClipboardEvent<HTMLTextAreaElement>) {
    const pasted = filesOf(event.clipboardData);
    if (pasted.length === 0) return;
    event.preventDefault();
    void tray.add(pasted);
  }

  function onDrop(event: DragEvent<HTMLFormElement>) {
    setDragging(false);
    const dropped = filesOf(event.dataTransfer);
    if (dropped.length === 0) return;
    event.preventDefault();
    void tray.add(dropped);
  }

  function onKeyDown(event: KeyboardEvent<HTMLTextAreaElement>) {
    if (event.key === 'Enter' && !event.shiftKey) {
      event.preventDefault();
      void send();
    }
  }

  const last = messages.at(-1);
  const failure = last?.role === 'assistant' ? runError(last) : undefined;
  const question = openQuestion(last);
  const interrupted = last?.role === 'assistant' && last.run?.status === 'interrupted';
  const failureTitle = errorTitle(failure?.code);
  const failureText = failure
    ? failureTitle
      ? t('failure', { title: failureTitle, message: failure.message })
      : failure.message
    : error
      ? errorText(error)
      : undefined;
  const statusText =
    status === 'submitted'
      ? t('status.running')
      : status === 'reconnecting'
        ? t('status.reconnecting')
        : null;
  const blockedText = !blocked
    ? null
    : 'problems' in blocked
      ? t('blocked.problems', { count: blocked.problems })
      : (blocked.saveError ?? t('blocked.notSaved'));
  // A test case needs an answer to start from (its expected answer), and a finished run.
  const answered =
    !busy &&
    messages.some(
      (message) =>
        message.role === 'assistant' &&
        message.parts.some((part) => part.type === 'text' && part.text.trim()),
    );
  return (
    <section aria-label={t('region')} className="flex h-full flex-col">
      <header className="flex items-center justify-between gap-2 border-b border-slate-200 px-3 py-2">
        <div className="min-w-0">
          <h2 className="text-sm font-semibold">{t('heading')}</h2>
          <p className="truncate text-xs text-slate-500" data-testid="preview-model">
            {t('draft')}
            {' · '}
            {models.map((model, index) => (
              <span
                key={model.nodeId}
                className={model.kind === 'offline' ? 'font-medium text-amber-700' : ''}
              >
                {index > 0 ? ' · ' : ''}
                {model.kind === 'offline'
                  ? t('offlineModel')
                  : model.kind === 'none'
                    ? t('noModel')
                    : `${model.provider} · ${model.model}`}
              </span>
            ))}
          </p>
        </div>
        <div className="flex shrink-0 items-center gap-1">
          {canEdit ? (
            <SaveConversationAsTest
              agentId={agentId}
              conversationId={state.conversationId}
              disabled={!answered}
            />
          ) : null}
          <Button variant="ghost" className="px-2 py-1 text-xs" onClick={newConversation}>
            {t('newConversation')}
          </Button>
        </div>
      </header>
      <div ref={scroller} className="flex-1 space-y-3 overflow-y-auto px-3 py-3" aria-live="polite">
        {messages.length === 0 ? (
          <p className="pt-8 text-center text-sm text-slate-500">{t('empty')}</p>
        ) : null}
        {messages.map((message) => (
          <div
            key={message.id}
            className={message.role === 'user' ? 'flex justify-end' : ''}
            data-role={message.role}
          >
            <div
              className={
                message.role === 'user'
                  ? 'max-w-[85%] rounded-lg bg-brand-600 px-3 py-2 text-sm text-white'
                  : 'max-w-full space-y-2'
              }
            >
              {message.parts.map((part, index) => (
                <MessagePart
                  key={partKey(part, index)}
                  agentId={agentId}
                  part={part}
                  role={message.role}
                  open={part.type === 'approval' && part.request.id === question?.id}
                  busy={status === 'submitted'}
                  onAnswer={(request, answer) => void store.answer(request, answer)}
                />
              ))}
              {message.role === 'assistant' ? <KnowledgeSources message={toolParts(message)} /> : null}
            </div>
          </div>
        ))}
        {statusText ? (
          <p className="text-xs text-slate-500" role="status">
            {statusText}
          </p>
        ) : null}
        {interrupted ? (
          <div
            role="alert"
            className="rounded-md border border-amber-200 bg-amber-50 p-2 text-xs text-amber-900"
          >
            <p>
              {last?.run?.error
                ? t('interruptedBecause', { message: last.run.error.message })
                : t('interrupted')}
            </p>
            <Button
              variant="secondary"
              className="mt-2 px-2 py-1 text-xs"
              onClick={() => void store.continueInterrupted()}
            >
              {t('resume')}
            </Button>
          </div>
        ) : null}
        {failureText ? (
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-2 text-xs text-red-800">
            <p>
              {failure?.nodeId ? (
                <button
                  type="button"
                  className="font-medium underline"
                  onClick={() => onFocusNode?.(failure.nodeId!)}
                >
                  {failure.nodeId}
                </button>
              ) : null}
              {failure?.nodeId ? ': ' : ''}
              {failureText}
            </p>
            <Button variant="secondary" className="mt-2 px-2 py-1 text-xs" onClick={() => void retry()}>
              {t('retry')}
            </Button>
          </div>
        ) : null}
        {blockedText ? (
          <div
            role="alert"
            className="rounded-md border border-amber-200 bg-amber-50 p-2 text-xs text-amber-900"
          >
            {blockedText}{' '}
            <button type="button" className="underline" onClick={onOpenProblems}>
              {t('showProblems')}
            </button>
          </div>
        ) : null}
      </div>
      <form
        onSubmit={send}
        onDragOver={(event) => {
          if (!event.dataTransfer.types.includes('Files')) return;
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-dragging={dragging || undefined}
        className={`border-t border-slate-200 p-3 ${dragging ? 'bg-brand-50 outline-2 outline-dashed outline-brand-500' : ''}`}
      >
        <AttachmentChips files={files} onRemove={(key) => tray.remove(key)} />
        <label htmlFor="preview-input" className="sr-only">
          {t('messageLabel')}
        </label>
        <textarea
          id="preview-input"
          rows={2}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          placeholder={t('placeholder')}
          className="block w-full resize-none rounded-md border border-slate-300 px-3 py-2 text-sm focus:border-brand-500 focus:outline-2 focus:outline-brand-500/30"
        />
        <div className="mt-2 flex justify-end gap-2">
          <input
            ref={picker}
            type="file"
            multiple
            hidden
            aria-hidden="true"
            tabIndex={-1}
            data-testid="preview-file-input"
            onChange={(event) => {
              void tray.add([...(event.target.files ?? [])]);
              event.target.value = '';
            }}
          />
          <Button
            variant="ghost"
            className="mr-auto"
            aria-label={t('attach')}
            title={t('attachHint')}
            onClick={() => picker.current?.click()}
          >
            {'📎'}
          </Button>
          {busy ? (
            <Button variant="secondary" onClick={() => store.stop()}>
              {t('stop')}
            </Button>
          ) : messages.length > 0 ? (
            <Button variant="ghost" onClick={() => void retry()}>
              {t('regenerate')}
            </Button>
          ) : null}
          <Button type="submit" disabled={busy || uploading || (!draft.trim() && !ready)}>
            {t('send')}
          </Button>
        </div>
      </form>
    </section>
  );
}
