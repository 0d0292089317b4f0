/**
 * The local stand-in for Step Functions' task-token API: a loopback endpoint that takes SendTaskSuccess (and
 * SendTaskFailure) as the AWS SDK sends them, for the tokens of tasks the local run is waiting on. The functions
 * that answer tasks on AWS (the AAG decisions stream's) call it through AWS_ENDPOINT_URL_SFN, unchanged.
 */
import { createServer, type Server } from 'node:http';

type Answer = { status: 'success'; output: unknown } | { status: 'failure'; error?: string; cause?: string };

export interface TaskCallbacks {
  endpoint: string;
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
  const server: Server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const action = String(request.headers['x-amz-target'] ?? '').replace('AWSStepFunctions.', '');
      const reply = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(JSON.stringify(payload));
      };
      let input: { taskToken?: string; output?: string; error?: string; cause?: string };
      try {
        input = JSON.parse(body || '{}') as typeof input;
      } catch {
        return reply(400, {
          __type: 'com.amazonaws.swf.service.v2.model#InvalidOutput',
          message: 'the request is not JSON',
        });
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
