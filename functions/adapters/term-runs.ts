/**
 * Starting a term's run and reading how it goes, for the team in the portal: Step Functions' StartExecution on the
 * cycle's state machine (STATE_MACHINE_ARN), with the input a scheduled or a hand-started run takes ({"term": ...}),
 * and GetExecutionHistory read as the run's events (core/run-progress.ts). Locally the same calls go to the local
 * run's stand-in for Step Functions (AWS_ENDPOINT_URL_SFN), which runs the term through the synthesized definition.
 */
import {
  ExecutionAlreadyExists,
  GetExecutionHistoryCommand,
  type GetExecutionHistoryCommandOutput,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import type { RunEvent } from '../core/run-progress';

let client: SFNClient | undefined;
export function resetTermRunsClient(): void {
  client = undefined;
}

const stateMachineArn = (env: NodeJS.ProcessEnv = process.env): string => {
  const arn = env.STATE_MACHINE_ARN;
  if (!arn) throw new Error('STATE_MACHINE_ARN is not set: the function does not know the cycle');
  return arn;
};

/** At most this many pages of a run's history (a thousand events each): a whole term's run at any size we measure. */
const MAX_HISTORY_PAGES = 40;

/**
 * Starts a run of the term; `refused` where Step Functions would not start it (an execution of that name already
 * exists: the same button pressed twice in a second).
 */
export async function startTermRun(
  term: string,
  now = new Date(),
): Promise<{ executionId: string } | { refused: string }> {
  client ??= new SFNClient({});
  const name = `${term}-portal-${now.toISOString().replace(/[:.]/g, '-')}`;
  try {
    const started = await client.send(
      new StartExecutionCommand({ stateMachineArn: stateMachineArn(), name, input: JSON.stringify({ term }) }),
    );
    return { executionId: started.executionArn ?? name };
  } catch (error) {
    if (error instanceof ExecutionAlreadyExists || (error as Error).name === 'ExecutionAlreadyExists')
      return { refused: 'A run of this term was started a moment ago.' };
    if ((error as Error).name === 'ExecutionLimitExceeded' || (error as Error).name === 'RunInProgress')
      return { refused: (error as Error).message };
    throw error;
  }
}

const eventOf = (event: HistoryEvent): RunEvent => {
  const failed =
    event.executionFailedEventDetails ??
    event.taskFailedEventDetails ??
    event.lambdaFunctionFailedEventDetails ??
    event.executionAbortedEventDetails ??
    event.executionTimedOutEventDetails;
  const state = event.stateEnteredEventDetails?.name ?? event.stateExitedEventDetails?.name;
  return {
    type: event.type ?? '',
    at: (event.timestamp ?? new Date(0)).toISOString(),
    ...(state ? { state } : {}),
    ...(failed?.error ? { error: failed.error } : {}),
    ...(failed?.cause ? { cause: failed.cause } : {}),
  };
};

/** The run's events, oldest first; undefined if Step Functions has no such run. */
export async function runEvents(executionId: string): Promise<RunEvent[] | undefined> {
  client ??= new SFNClient({});
  const events: RunEvent[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    let page: GetExecutionHistoryCommandOutput;
    try {
      page = await client.send(
        new GetExecutionHistoryCommand({ executionArn: executionId, maxResults: 1000, nextToken }),
      );
    } catch (error) {
      const name = (error as Error).name;
      if (name === 'ExecutionDoesNotExist' || name === 'InvalidArn') return undefined;
      throw error;
    }
    events.push(...(page.events ?? []).map(eventOf));
    nextToken = page.nextToken;
    pages += 1;
  } while (nextToken && pages < MAX_HISTORY_PAGES);
  return events;
}
