/**
 * The local stand-in for Step Functions' API: a loopback endpoint that takes SendTaskSuccess (and SendTaskFailure) as
 * the AWS SDK sends them, for the tokens of tasks the local run is waiting on, and, where the local cycle serves them
 * (`serveExecutions`), StartExecution (a term run through the synthesized definition) and GetExecutionHistory (the
 * events of a local run, in Step Functions' own shape). The functions that call Step Functions on AWS (the AAG
 * decisions stream's, the portal's) call it through AWS_ENDPOINT_URL_SFN, unchanged.
 */
import { createServer, type Server } from 'node:http';

type Answer = { status: 'success'; output: unknown } | { status: 'failure'; error?: string; cause?: string };

/** One event of a local run's history, as Step Functions' GetExecutionHistory gives it. */
export interface LocalHistoryEvent {
  type: string;
  /** Milliseconds since the epoch. */
  at: number;
  state?: string;
  error?: string;
  cause?: string;
}

/** What the local cycle does for StartExecution and GetExecutionHistory. */
export interface LocalExecutions {
  /** Starts a run with the execution's input; or says why not (Step Functions' error name and message). */
  start(input: string): { executionArn: string; startDate: number } | { error: string; message: string };
  history(executionArn: string): readonly LocalHistoryEvent[] | undefined;
}

export interface TaskCallbacks {
  endpoint: string;
  /** Serves StartExecution and GetExecutionHistory from the local cycle. */
  serveExecutions(executions: LocalExecutions): void;
  /** The run now waits on this token. */
  open(token: string): void;
  /** Whether anything has been sent on the token yet (it stays open). */
  answered(token: string): boolean;
  /** What was sent on the token, if anything; the token is closed either way. */
  close(token: string): Answer | undefined;
  stop(): Promise<void>;
}

export async function startTaskCallbacks(): Promise<TaskCallbacks> {
  const waiting = new Map<string, Answer | undefined>();
  let executions: LocalExecutions | undefined;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const action = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(payload));
      };
      let input: {
        taskToken?: string;
        output?: string;
        error?: string;
        cause?: string;
        input?: string;
        executionArn?: string;
      };
      try {
        input = JSON.parse(body || '{}') as typeof input;
      } catch {
        return reply(400, {
          __type: 'com.amazonaws.swf.service.v2.model#InvalidOutput',
          message: 'the request is not JSON',
        });
      }
      if (action === 'StartExecution' && executions) {
        const started = executions.start(input.input ?? '{}');
        return 'error' in started
          ? reply(400, { __type: `com.amazonaws.swf.service.v2.model#${started.error}`, message: started.message })
          : reply(200, { executionArn: started.executionArn, startDate: started.startDate / 1000 });
      }
      if (action === 'GetExecutionHistory' && executions) {
        const events = executions.history(input.executionArn ?? '');
        if (!events)
          return reply(400, {
            __type: 'com.amazonaws.swf.service.v2.model#ExecutionDoesNotExist',
            message: `no local run ${input.executionArn}`,
          });
        return reply(200, { events: events.map(historyEvent) });
      }
      if (action !== 'SendTaskSuccess' && action !== 'SendTaskFailure')
        return reply(400, {
          __type: 'com.amazonaws.swf.service.v2.model#UnsupportedOperation',
          message: `${action} is not supported locally`,
        });
      const token = input.taskToken ?? '';
      if (!waiting.has(token) || waiting.get(token) !== undefined)
        return reply(400, {
          __type: 'com.amazonaws.swf.service.v2.model#TaskDoesNotExist',
          message: 'no task is waiting on this token',
        });
      if (action === 'SendTaskSuccess') {
        let output: unknown;
        try {
          output = JSON.parse(input.output ?? '');
        } catch {
          return reply(400, {
            __type: 'com.amazonaws.swf.service.v2.model#InvalidOutput',
            message: 'the output is not JSON',
          });
        }
        waiting.set(token, { status: 'success', output });
      } else {
        waiting.set(token, { status: 'failure', error: input.error, cause: input.cause });
      }
      reply(200, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  if (!address || typeof address !== 'object') throw new Error('the local task-token endpoint has no port');
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    serveExecutions: (served) => {
      executions = served;
    },
    open: (token) => void waiting.set(token, undefined),
    answered: (token) => waiting.get(token) !== undefined,
    close(token) {
      const answer = waiting.get(token);
      waiting.delete(token);
      return answer;
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A local run's event as Step Functions writes it in a history: numbered, timed in seconds, with its details. */
function historyEvent(event: LocalHistoryEvent, index: number): Record<string, unknown> {
  const failure = event.error || event.cause ? { error: event.error, cause: event.cause } : undefined;
  return {
    id: index + 1,
    previousEventId: index,
    type: event.type,
    timestamp: event.at / 1000,
    ...(event.type.endsWith('StateEntered') ? { stateEnteredEventDetails: { name: event.state } } : {}),
    ...(event.type.endsWith('StateExited') ? { stateExitedEventDetails: { name: event.state } } : {}),
    ...(event.type === 'TaskFailed' && failure ? { taskFailedEventDetails: failure } : {}),
    ...(event.type === 'ExecutionFailed' && failure ? { executionFailedEventDetails: failure } : {}),
    ...(event.type === 'ExecutionAborted' && failure ? { executionAbortedEventDetails: failure } : {}),
  };
}
