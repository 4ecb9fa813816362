import { agentVersions, evalRuns } from '@agentry/db';
import { and, desc, eq, isNull, or, type SQL } from '@agentry/db/drizzle';
import { AppError } from '../errors';
import type { Runtime } from '../runtime';
import { getAgent } from './agents';
import type { Actor } from './auth';
import { compareResults } from './eval-compare';
import {
  type EvalRunSummary,
  loadEvalResults,
  selectEvalRunSummaries,
  toEvalRunSummary,
} from './eval-run-rows';
import { evalSettingsOf } from './eval-settings';

type AgentRow = Awaited<ReturnType<typeof getAgent>>;

/** What the publish dialog shows: the draft's and the published version's latest results, and the gate. */
export interface EvalPublishCheck {
  /** The latest finished eval run of the current draft revision. */
  draft: EvalRunSummary | null;
  /** The latest finished eval run of the published version (or of the draft revision it came from). */
  published: EvalRunSummary | null;
  /** Cases passing on the published version that fail on the draft. */
  newlyFailing: string[];
  newlyPassing: string[];
  requirePassingTests: boolean;
  blocked: boolean;
  /** Why publishing is refused, and what to do. */
  reason?: string;
}

/** Eval runs of a draft revision. */
function ofDraftRevision(draftRevision: number): SQL | undefined {
  return and(isNull(evalRuns.versionId), eq(evalRuns.draftRevision, draftRevision));
}

/**
 * Eval runs of a published version: run against it, or against the draft revision it was published from
 * (the same graph), so the dialog compares with the version's tests as soon as it is published.
 */
async function ofVersion(runtime: Runtime, versionId: string): Promise<SQL | undefined> {
  const [version] = await runtime.db
    .select({ draftRevision: agentVersions.draftRevision })
    .from(agentVersions)
    .where(eq(agentVersions.id, versionId));
  const tested = eq(evalRuns.versionId, versionId);
  return version?.draftRevision == null ? tested : or(tested, ofDraftRevision(version.draftRevision));
}

/** The latest finished (`done`) eval run matching `target` (a draft revision, or a version). */
async function latestFinished(
  runtime: Runtime,
  agent: AgentRow,
  target: SQL | undefined,
): Promise<EvalRunSummary | null> {
  const [row] = await selectEvalRunSummaries(
    runtime,
    and(
      eq(evalRuns.agentId, agent.id),
      eq(evalRuns.workspaceId, agent.workspaceId),
      eq(evalRuns.status, 'done'),
      target,
    ),
  )
    .orderBy(desc(evalRuns.createdAt))
    .limit(1);
  return row ? toEvalRunSummary(row) : null;
}

/** Why the draft may not be published under "require passing tests", or undefined when it may. */
function blockReason(agent: AgentRow, draft: EvalRunSummary | null): string | undefined {
  if (!draft)
    return `Publishing requires passing tests, and draft revision ${agent.draftRevision} has not been tested: run the tests in the Tests tab (or agentry eval), or turn off "Require passing tests".`;
  if (draft.failed > 0)
    return `Publishing requires passing tests, and ${draft.failed} of ${draft.total} test(s) fail on draft revision ${agent.draftRevision}: fix them and run the tests again, or turn off "Require passing tests".`;
  return undefined;
}

/** The publish check of an agent of the workspace (members). */
export async function evalPublishCheck(
  runtime: Runtime,
  actor: Actor,
  agentId: string,
): Promise<EvalPublishCheck> {
  const agent = await getAgent(runtime, actor.workspaceId, agentId);
  const { requirePassingTests } = evalSettingsOf(agent);
  const [draft, published] = await Promise.all([
    latestFinished(runtime, agent, ofDraftRevision(agent.draftRevision)),
    agent.publishedVersionId
      ? latestFinished(runtime, agent, await ofVersion(runtime, agent.publishedVersionId))
      : null,
  ]);
  let newlyFailing: string[] = [];
  let newlyPassing: string[] = [];
  if (draft && published) {
    const rows = compareResults(
      await loadEvalResults(runtime, published.id),
      await loadEvalResults(runtime, draft.id),
    );
    newlyFailing = rows.filter((row) => row.change === 'newly-failing').map((row) => row.name);
    newlyPassing = rows.filter((row) => row.change === 'newly-passing').map((row) => row.name);
  }
  const reason = requirePassingTests ? blockReason(agent, draft) : undefined;
  return {
    draft,
    published,
    newlyFailing,
    newlyPassing,
    requirePassingTests,
    blocked: reason !== undefined,
    ...(reason ? { reason } : {}),
  };
}

/** Refuses (409) to publish an agent whose settings require passing tests the current draft lacks. */
export async function requirePassingTestsToPublish(runtime: Runtime, agent: AgentRow): Promise<void> {
  if (!evalSettingsOf(agent).requirePassingTests) return;
  const draft = await latestFinished(runtime, agent, ofDraftRevision(agent.draftRevision));
  const reason = blockReason(agent, draft);
  if (reason)
    throw new AppError('conflict', reason, {
      reason: 'tests_required',
      draftRevision: agent.draftRevision,
      evalRunId: draft?.id ?? null,
    });
}
