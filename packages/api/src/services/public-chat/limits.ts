import type { EngineEvent } from '@agentry/engine';
import { AppError } from '../../errors';
import { addressLimitKey } from '../../http/client-address';
import type { Runtime } from '../../runtime';
import {
  type DailyTokenReservation,
  RUN_TOKEN_RESERVATION,
  reserveDailyTokens,
  secondsToMidnight,
  settleDailyTokens,
} from '../daily-token-budget';
import type { PublicChatLimiters } from './limiters';
import type { PublicAgent } from './public-agent';

/** What the limits need of a widget conversation: its id and the tokens it has used. */
export interface VisitorConversation {
  id: string;
  tokensUsed: number;
}

function limited(message: string, retryAfterSeconds: number, reason: string): AppError {
  return new AppError('rate_limited', message, { retryAfterSeconds, reason });
}

/**
 * Counts one visitor message against the agent's per-minute limits (per address, IPv6 by /64, and per
 * conversation) and refuses a conversation that used its tokens (429 each). A message refused by the
 * conversation's rate is given back to the address, so it is not counted twice against the visitor.
 */
export async function countVisitorMessage(
  limiters: PublicChatLimiters,
  agent: PublicAgent,
  clientAddress: string,
  conversation: VisitorConversation | undefined,
): Promise<void> {
  const { limits } = agent.settings;
  const addressKey = `${agent.agentId}:${addressLimitKey(clientAddress)}`;
  const byAddress = await limiters.perAddress.hit(addressKey, limits.messagesPerMinutePerIp);
  if (!byAddress.ok)
    throw limited(
      `You are sending messages too quickly. Try again in ${byAddress.retryAfterSeconds} s.`,
      byAddress.retryAfterSeconds,
      'address_rate',
    );
  if (!conversation) return;
  const byConversation = await limiters.perConversation.hit(
    conversation.id,
    limits.messagesPerMinutePerConversation,
  );
  if (!byConversation.ok) {
    await limiters.perAddress.undo(addressKey);
    throw limited(
      `This conversation is moving too fast. Try again in ${byConversation.retryAfterSeconds} s.`,
      byConversation.retryAfterSeconds,
      'conversation_rate',
    );
  }
  if (conversation.tokensUsed >= limits.tokensPerConversation) {
    throw limited(
      'This conversation has reached its length limit. Start a new conversation to continue.',
      60,
      'conversation_tokens',
    );
  }
}

/**
 * Reserves a visitor run's tokens from the agent's day before it starts, so concurrent runs cannot
 * together spend past the cap: no more than what is left of the conversation, nor of the day (429).
 */
export async function reserveVisitorTokens(
  runtime: Runtime,
  agent: PublicAgent,
  conversation: VisitorConversation | undefined,
): Promise<DailyTokenReservation> {
  const { limits } = agent.settings;
  const reservation = await reserveDailyTokens(
    runtime,
    agent.agentId,
    Math.min(RUN_TOKEN_RESERVATION, limits.tokensPerConversation - (conversation?.tokensUsed ?? 0)),
    limits.tokensPerAgentPerDay,
  );
  if ('refused' in reservation) {
    throw reservation.refused === 'exhausted'
      ? limited(
          'This assistant has reached its daily limit. Please try again tomorrow.',
          secondsToMidnight(),
          'agent_daily_tokens',
        )
      : limited(
          'This assistant is answering as many visitors as its daily limit allows right now. Please try again in a minute.',
          60,
          'agent_daily_tokens_reserved',
        );
  }
  return reservation;
}

/**
 * Passes a widget run's events through, replacing the run's daily reservation by its usage when it
 * ends or starts waiting. A run stopped early (the visitor left) reports no total: it is charged the
 * steps it finished. (Tool calls and results are kept from the page when it is streamed.)
 */
export async function* settlingDailyTokens(
  runtime: Runtime,
  reservation: DailyTokenReservation,
  events: AsyncIterable<EngineEvent>,
): AsyncGenerator<EngineEvent> {
  let finishedSteps = 0;
  let usedTokens: number | undefined;
  const settle = (tokens: number) =>
    settleDailyTokens(runtime, reservation, tokens).catch((error: unknown) =>
      runtime.logger.error(
        { err: error, agentId: reservation.agentId },
        "Could not record a public chat's tokens against the agent's daily budget",
      ),
    );
  try {
    for await (const event of events) {
      if (event.type === 'node-end') finishedSteps += event.usage.inputTokens + event.usage.outputTokens;
      if (event.type === 'run-end' || event.type === 'run-error' || event.type === 'run-waiting') {
        usedTokens = event.usage.inputTokens + event.usage.outputTokens;
        await settle(usedTokens);
      }
      yield event;
    }
  } finally {
    if (usedTokens === undefined) await settle(finishedSteps);
  }
}
