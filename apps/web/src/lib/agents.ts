import 'server-only';
import { type Actor, AppError, getAgent } from '@agentry/api';
import { notFound } from 'next/navigation';
import { openServerRuntime } from './runtime';

/** Loads an agent of the actor's workspace for a page, answering 404 when there is none. */
export async function loadAgentOr404(actor: Actor, id: string) {
  try {
    return await getAgent(await openServerRuntime(), actor.workspaceId, id);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') notFound();
    throw error;
  }
}
