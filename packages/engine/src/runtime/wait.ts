import type { ApprovalRequest } from './events';

/** What a node asks a person; the scheduler adds the request id and the node id. */
export type WaitQuestion = Omit<ApprovalRequest, 'id' | 'nodeId'>;

/**
 * Thrown by a node that cannot go on without a person's answer. It is not a failure: the scheduler lets
 * the other running nodes finish, saves a checkpoint and ends the run as `waiting`.
 */
export class WaitForAnswer extends Error {
  constructor(readonly question: WaitQuestion) {
    super('The run waits for an answer.');
    this.name = 'WaitForAnswer';
  }
}
