import type { CopilotEdit } from '@agentry/engine/graph';
import { useTranslations } from 'next-intl';
import { useMemo } from 'react';
import { useEngineWords } from '@/i18n/engine-words';
import type { AcceptFailure } from './accept-proposal';
import type { CopilotProblem } from './copilot-store';
import type { StaleReason } from './proposal-plan';

/** A failed reject, beside the accept's failures (a proposal card shows either). */
export type ProposalFailure = AcceptFailure | { step: 'reject'; reason: string };

/**
 * The Copilot's words in the page's language: its edits (node types by their names), why a proposal no
 * longer applies, failed steps and requests, and who answered. The server's and the engine's own words
 * (a provider's error, why an edit was refused) are passed on as they are.
 */
export function useCopilotWords() {
  const t = useTranslations('copilot');
  const engine = useEngineWords();
  return useMemo(() => {
    const edit = (item: CopilotEdit): string => {
      switch (item.op) {
        case 'addNode':
          return t('edits.addNode', { type: engine.nodeTitle(item.type, item.type), id: item.id });
        case 'connect':
          return t('edits.connect', {
            source: item.source,
            sourceHandle: item.sourceHandle,
            target: item.target,
            targetHandle: item.targetHandle,
          });
        case 'disconnect':
          return t('edits.disconnect', { source: item.source, target: item.target });
        case 'setConfig':
          return t('edits.setConfig', { node: item.nodeId });
        case 'removeNode':
          return t('edits.removeNode', { node: item.nodeId });
        case 'moveNode':
          return t('edits.moveNode', { node: item.nodeId });
      }
    };
    return {
      /** An edit in a few words: "add Memory "memory"", "connect a.out → b.in". */
      edit,
      /** Why a proposal no longer applies to the canvas as it is now. */
      stale(reason: StaleReason): string {
        if (reason.kind === 'problems')
          return t('stale.problems', {
            count: reason.problems.length,
            problems: reason.problems
              .slice(0, 3)
              .map((problem) => engine.problem(problem))
              .join(' '),
          });
        return reason.edit
          ? t('stale.edit', { edit: edit(reason.edit), problem: reason.problem })
          : t('stale.someEdit', { problem: reason.problem });
      },
      /** A failed accept or reject. */
      failure(failure: ProposalFailure): string {
        switch (failure.step) {
          case 'no_proposal':
            return t('failures.noProposal');
          case 'save':
            return t('failures.save', { reason: failure.reason });
          case 'record':
            return t('failures.record', { revision: failure.revision, reason: failure.reason });
          case 'reject':
            return t('failures.reject', { reason: failure.reason });
        }
      },
      /** What went wrong with the panel's last request. */
      problem(problem: CopilotProblem): string {
        switch (problem.code) {
          case 'load_failed':
            return problem.reason === undefined
              ? t('problems.loadUnreadable')
              : t('problems.loadFailed', { reason: problem.reason });
          case 'unreachable':
            return t('problems.unreachable');
          case 'http': {
            const said = problem.message ?? t('problems.serverStatus', { status: problem.status });
            return problem.retryAfter === undefined
              ? said
              : t('problems.retryAfter', { message: said, seconds: problem.retryAfter });
          }
          case 'turn_failed':
            return t('problems.turnFailed', { code: problem.error, message: problem.message });
          case 'unreadable':
            return problem.line.kind === 'not_json'
              ? t('problems.notJson', { line: problem.line.line })
              : t('problems.badLine', { type: problem.line.type });
          case 'cut_off':
            return t('problems.cutOff');
        }
      },
      /** Who answers: the offline copilot by its name in the page's language, a model by its label. */
      by(by: { kind: 'offline' | 'model'; label: string }): string {
        return by.kind === 'offline' ? t('offline') : by.label;
      },
    };
  }, [t, engine]);
}
