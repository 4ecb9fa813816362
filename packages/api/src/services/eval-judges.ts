import { createModelJudge } from '@agentry/engine';
import { type Judge, JudgeError, type JudgeFor, type JudgeModel, offlineJudge } from '@agentry/engine/evals';
import type { Runtime } from '../runtime';
import { createEngineContext } from './engine-context';

/** A judge's label: the provider and model that judged. */
function judgeLabel(model: JudgeModel): string {
  return model.model ? `${model.provider}/${model.model}` : model.provider;
}

/**
 * The judges of one eval run: an expectation's own model wins over the run's judge; none, or the
 * offline provider, is the offline judge. A model judge is built as a Model node's model is, through
 * the run's engine context: the workspace's credential decrypted, the environment's keys as fallback,
 * the admin's network policy for base URLs, the model threads when they are on. One judge per model.
 */
export function createJudgeFor(runtime: Runtime, workspaceId: string, runJudge: JudgeModel | null): JudgeFor {
  const judges = new Map<string, Promise<Judge>>();
  const context = createEngineContext(runtime, { workspaceId, conversationId: 'eval-judge' });
  // createEngineContext always sets the factory; the type leaves it optional for callers that pass none.
  const languageModels = context.languageModels!;
  return (model) => {
    const chosen = model ?? runJudge;
    if (!chosen || chosen.provider === 'offline') return offlineJudge;
    const key = JSON.stringify([chosen.provider, chosen.model, chosen.credentialId ?? null]);
    let judge = judges.get(key);
    if (!judge) {
      judge = (async () => {
        const credential = chosen.credentialId
          ? await context.secrets.resolve(chosen.credentialId)
          : undefined;
        if (chosen.credentialId && !credential)
          throw new JudgeError(
            'judge_failed',
            `The judge's credential (${chosen.credentialId}) does not exist anymore. Pick another in the test settings.`,
          );
        const languageModel = languageModels({ provider: chosen.provider, model: chosen.model }, credential);
        return createModelJudge(languageModel, judgeLabel(chosen));
      })();
      // A failure is not kept: the next expectation tries again (a credential fixed meanwhile).
      judge.catch(() => judges.delete(key));
      judges.set(key, judge);
    }
    return judge;
  };
}
