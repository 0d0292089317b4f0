/** Answering a task the state machine waits on (SendTaskSuccess), by its token. */
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { isTransient, TransientStageError } from './errors';

let client: SFNClient | undefined;
export function resetTaskTokenClient(): void {
  client = undefined;
}

/** Errors that mean the execution no longer waits on this token: its deadline passed, or it was answered or stopped. */
const NO_LONGER_WAITING = new Set(['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken']);

export async function answerTask(taskToken: string, output: unknown): Promise<'answered' | 'no longer waiting'> {
  client ??= new SFNClient({});
  try {
    await client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) }));
    return 'answered';
  } catch (error) {
    if (error instanceof Error && NO_LONGER_WAITING.has(error.name)) return 'no longer waiting';
    if (isTransient(error)) throw new TransientStageError(`Step Functions: ${(error as Error).name}`);
    throw error;
  }
}
