/**
 * A run of the term's cycle as the team follows it: each stage in the order the run reached it, whether it is running,
 * done or failed, how many times it ran (a stage run once a batch), its retries, and how the run stands. Read from the
 * execution's history (Step Functions' events, as the adapter gives them). Pure.
 */

/** One event of an execution's history, as the adapter reads it from Step Functions. */
export interface RunEvent {
  readonly type: string;
  readonly at: string;
  /** The state's name, for a state's entered and exited events. */
  readonly state?: string;
  readonly error?: string;
  readonly cause?: string;
}

/** Running now; done; or open when the run failed, stopped or timed out (where it ended). */
export type StageStatus = 'running' | 'done' | 'failed';

export interface StageProgress {
  readonly state: string;
  readonly status: StageStatus;
  readonly enteredAt: string;
  readonly exitedAt?: string;
  /** How many times the run entered it: a stage run once a batch of schools is entered once a batch. */
  readonly runs: number;
  /** Failures a retry got past, or that failed it. */
  readonly failures: number;
}

export type RunStatus = 'running' | 'succeeded' | 'failed' | 'stopped' | 'timed out';

export interface RunProgress {
  readonly status: RunStatus;
  readonly startedAt?: string;
  readonly endedAt?: string;
  readonly stages: readonly StageProgress[];
  /** Why the run failed, stopped or timed out, as Step Functions says it. */
  readonly error?: string;
  readonly cause?: string;
}

const ENDS: Record<string, RunStatus> = {
  ExecutionSucceeded: 'succeeded',
  ExecutionFailed: 'failed',
  ExecutionAborted: 'stopped',
  ExecutionTimedOut: 'timed out',
};

/** The run's progress from its history, in the order of its events. */
export function runProgress(events: readonly RunEvent[]): RunProgress {
  const stages = new Map<
    string,
    { state: string; enteredAt: string; exitedAt?: string; runs: number; open: number; failures: number }
  >();
  let status: RunStatus = 'running';
  let startedAt: string | undefined;
  let endedAt: string | undefined;
  let error: string | undefined;
  let cause: string | undefined;
  /** The state whose task the next failure event is about: the latest entered and not yet exited. */
  let current: string | undefined;
  for (const event of events) {
    if (event.type === 'ExecutionStarted') startedAt = event.at;
    if (event.type in ENDS) {
      status = ENDS[event.type]!;
      endedAt = event.at;
      error = event.error ?? error;
      cause = event.cause ?? cause;
    }
    if (event.state && event.type.endsWith('StateEntered')) {
      const stage = stages.get(event.state) ?? {
        state: event.state,
        enteredAt: event.at,
        runs: 0,
        open: 0,
        failures: 0,
      };
      stage.runs += 1;
      stage.open += 1;
      stages.set(event.state, stage);
      current = event.state;
    }
    if (event.state && event.type.endsWith('StateExited')) {
      const stage = stages.get(event.state);
      if (stage) {
        stage.open = Math.max(0, stage.open - 1);
        stage.exitedAt = event.at;
      }
    }
    // Step Functions names no state on a task's failure: it is the latest state entered.
    // Stryker disable next-line Regex: no event type Step Functions publishes holds one of these within a longer name
    if (/^(TaskFailed|TaskTimedOut|LambdaFunctionFailed|LambdaFunctionTimedOut)$/.test(event.type) && current) {
      const stage = stages.get(event.state ?? current);
      if (stage) stage.failures += 1;
    }
  }
  return {
    status,
    ...(startedAt ? { startedAt } : {}),
    ...(endedAt ? { endedAt } : {}),
    ...(error ? { error } : {}),
    ...(cause ? { cause } : {}),
    stages: [...stages.values()].map((s) => ({
      state: s.state,
      status: s.open > 0 ? (status === 'running' ? 'running' : 'failed') : 'done',
      enteredAt: s.enteredAt,
      ...(s.exitedAt ? { exitedAt: s.exitedAt } : {}),
      runs: s.runs,
      failures: s.failures,
    })),
  };
}
