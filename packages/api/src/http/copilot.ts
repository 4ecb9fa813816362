import type { Runtime } from '../runtime';
import { type CopilotStreamLine, MAX_COPILOT_BODY_BYTES, startCopilotTurn } from '../services/copilot-turn';
import { STREAM_HEADERS } from '../services/run-stream';
import { requireRole } from '../services/auth';
import { managedAgent, withActor } from './agents';
import { readJsonBody } from './errors';

/**
 * `POST /api/v1/agents/:id/copilot`: one Copilot turn (editors; API keys need `manage` and the agent).
 * Body `{ message, graph, revision }`; refusals before the turn are JSON errors, then the answer streams
 * as NDJSON: `start`, `text` and `edit` lines as they come, the stored `message`, an `error` on failure.
 * A client that disconnects stops the turn (the provider call with it).
 */
export function handleCopilotTurn(
  runtime: Runtime,
  request: Request,
  agentIdOrSlug: string,
): Promise<Response> {
  return withActor(runtime, request, async (actor, caller) => {
    requireRole(actor, 'editor');
    const agent = await managedAgent(runtime, caller, agentIdOrSlug);
    const body = await readJsonBody(request, MAX_COPILOT_BODY_BYTES);
    const turn = await startCopilotTurn(runtime, actor, agent.id, body);
    const stop = new AbortController();
    request.signal.addEventListener('abort', () => stop.abort(request.signal.reason), { once: true });
    const encoder = new TextEncoder();
    let open = true;
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        const send = (line: CopilotStreamLine) => {
          if (!open) return;
          try {
            controller.enqueue(encoder.encode(`${JSON.stringify(line)}\n`));
          } catch {
            // The reader went away: the turn still ends and stores its answer.
            open = false;
          }
        };
        send({ type: 'start', userMessage: turn.userMessage, by: turn.by });
        // Not awaited here: the lines flow to the reader while the turn runs.
        void turn.run(send, stop.signal).finally(() => {
          if (!open) return;
          open = false;
          controller.close();
        });
      },
      cancel() {
        open = false;
        stop.abort();
      },
    });
    return new Response(stream, {
      headers: { 'content-type': 'application/x-ndjson; charset=utf-8', ...STREAM_HEADERS },
    });
  });
}
