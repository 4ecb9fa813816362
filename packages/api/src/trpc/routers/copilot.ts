import type { TRPCRouterRecord } from '@trpc/server';
import {
  acceptCopilotInput,
  acceptCopilotMessage,
  clearCopilotMessages,
  copilotAgentInput,
  copilotHistory,
  listCopilotMessages,
  rejectCopilotInput,
  rejectCopilotMessage,
} from '../../services/copilot-messages';
import {
  getCopilotSettings,
  setCopilotSettings,
  setCopilotSettingsInput,
} from '../../services/copilot-settings';
import { protectedProcedure, roleProcedure } from '../init';

/**
 * The builder's Copilot (a turn itself streams over `POST /api/v1/agents/:id/copilot`): the workspace's
 * model setting, an agent's conversation, and recording what the user did with a proposal. Members read;
 * editors change. Agents and messages of another workspace answer 404.
 */
export const copilotRouter = {
  /** The Copilot's model (null: the offline copilot) and its label. */
  settings: protectedProcedure.query(({ ctx }) => getCopilotSettings(ctx.runtime, ctx.actor)),
  setSettings: roleProcedure('editor')
    .input(setCopilotSettingsInput)
    .mutation(({ ctx, input }) => setCopilotSettings(ctx.runtime, ctx.actor, input)),
  /** An agent's conversation, oldest first. */
  messages: protectedProcedure
    .input(copilotAgentInput)
    .query(({ ctx, input }) => listCopilotMessages(ctx.runtime, ctx.actor, input.agentId)),
  /** Records a proposal as applied, saved as draft revision `revision`. */
  accept: roleProcedure('editor')
    .input(acceptCopilotInput)
    .mutation(({ ctx, input }) => acceptCopilotMessage(ctx.runtime, ctx.actor, input)),
  reject: roleProcedure('editor')
    .input(rejectCopilotInput)
    .mutation(({ ctx, input }) => rejectCopilotMessage(ctx.runtime, ctx.actor, input)),
  clear: roleProcedure('editor')
    .input(copilotAgentInput)
    .mutation(({ ctx, input }) => clearCopilotMessages(ctx.runtime, ctx.actor, input.agentId)),
  /** Accepted proposals, newest first, for the History panel. */
  history: protectedProcedure
    .input(copilotAgentInput)
    .query(({ ctx, input }) => copilotHistory(ctx.runtime, ctx.actor, input.agentId)),
} satisfies TRPCRouterRecord;
