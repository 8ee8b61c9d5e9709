import { HttpProblem } from '../problem';

/** A stage move: where to, and which input named each transaction. */
export interface StageMove {
  target: string;
  field: (transactionId: string) => string;
}

/** Moving referral fees through revenue stages: all move, or none does. */
export const transactionProblems = {
  not_found: (move: StageMove, { ids }: { ids: string[] }) =>
    new HttpProblem({
      status: 404,
      title: 'Not Found',
      detail: `No transaction ${ids.join(', ')} exists. Nothing moved.`,
      errors: ids.map((id) => ({ field: move.field(id), message: 'no such transaction' })),
    }),
  not_forward: (
    move: StageMove,
    { transactions }: { transactions: { id: string; stage: string }[] },
  ) =>
    new HttpProblem({
      status: 409,
      type: 'stage-not-forward',
      title: 'Stages only move forward',
      detail: `Moving to ${move.target} is not forward for ${transactions.length} transaction(s). Nothing moved.`,
      errors: transactions.map((t) => ({
        field: move.field(t.id),
        message: `is already ${t.stage}`,
      })),
      extensions: { transactions },
    }),
};
