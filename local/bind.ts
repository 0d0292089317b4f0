/**
 * Binds each Task state of the synthesized definition to the handler its Lambda function deploys, invoked the
 * way Lambda invokes it: with that function's environment only, JSON in and JSON out, an error's name as its
 * Step Functions error. A Task whose resource is not one of the stack's functions is an error, never a no-op.
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { StateMachineDefinition, TemplateFunction } from './template';

export type TaskHandler = (input: unknown) => Promise<unknown>;
type LambdaHandler = (event: unknown, context: unknown) => Promise<unknown>;

export class UnboundTaskError extends Error {
  override readonly name = 'UnboundTaskError';
}

export interface Binding {
  stateName: string;
  fn: TemplateFunction;
  handler: TaskHandler;
}

/** Wraps a handler so that a test can inject a fault before it runs. */
export type FaultInjector = (stateName: string, fn: TemplateFunction, invoke: TaskHandler) => TaskHandler;

/**
 * For a Task that waits for a task token: what the outside world sends back (on AWS, SendTaskSuccess from the
 * function that passes an AAG's decisions on). It gets the payload the function was invoked with, its token made
 * unique; to let the deadline pass, it throws an error named States.Timeout.
 */
export type TaskTokenResponder = (stateName: string, payload: Record<string, unknown>) => Promise<unknown>;

type StateDefinition = StateMachineDefinition['States'][string];

/** Every state, including those inside Map and Parallel states (state names are unique in a definition). */
export function allStates(definition: { States: Record<string, StateDefinition> }): [string, StateDefinition][] {
  return Object.entries(definition.States).flatMap(([name, state]) => {
    const nested = [state.ItemProcessor, state.Iterator, ...((state.Branches as unknown[] | undefined) ?? [])].filter(
      Boolean,
    ) as { States: Record<string, StateDefinition> }[];
    return [[name, state] as [string, StateDefinition], ...nested.flatMap((n) => allStates(n))];
  });
}

/** The module a function deploys (its `entry`), which exports its handler. */
async function handlerModule(fn: TemplateFunction, repositoryRoot: string): Promise<{ handler?: LambdaHandler }> {
  return (await import(pathToFileURL(join(repositoryRoot, fn.entry)).href)) as { handler?: LambdaHandler };
}

/**
 * Loads every function's module ahead of its first invocation, so that the caller can do it while it waits on
 * something else (DynamoDB Local's Java booting): compiling and loading them all takes about a second. A module
 * that fails to load is left for binding to report, with the state that names it.
 */
export async function loadHandlerModules(functions: Iterable<TemplateFunction>, repositoryRoot: string): Promise<void> {
  await Promise.allSettled([...functions].map((fn) => handlerModule(fn, repositoryRoot)));
}

const LAMBDA_INTEGRATION = /^arn:aws:states:::lambda:invoke(\.waitForTaskToken)?$/;

export async function bindTasks(
  definition: StateMachineDefinition,
  functions: ReadonlyMap<string, TemplateFunction>,
  options: {
    repositoryRoot: string;
    localEnvironment: Record<string, string>;
    inject?: FaultInjector;
    log?: FunctionLog;
    respond?: TaskTokenResponder;
    observe?: InvocationObserver;
  },
): Promise<Map<string, Binding>> {
  const bindings = new Map<string, Binding>();
  const unbound: string[] = [];
  for (const [stateName, state] of allStates(definition)) {
    if (state.Type !== 'Task') continue;
    // A Lambda task is either the function's ARN (payloadResponseOnly) or the lambda:invoke integration, which
    // names the function in its parameters and hands it the Payload.
    const integration = LAMBDA_INTEGRATION.exec(state.Resource ?? '');
    const arn = integration
      ? String((state.Parameters as { FunctionName?: unknown } | undefined)?.FunctionName ?? '')
      : state.Resource;
    const fn = arn ? functions.get(arn) : undefined;
    if (!fn) {
      unbound.push(`'${stateName}' (${arn || state.Resource || 'no resource'})`);
      continue;
    }
    const waitsForToken = Boolean(integration?.[1]);
    if (waitsForToken && !options.respond) {
      unbound.push(`'${stateName}' (waits for a task token, and nothing will send one)`);
      continue;
    }
    const module = await handlerModule(fn, options.repositoryRoot);
    if (typeof module.handler !== 'function') {
      unbound.push(`'${stateName}' (${fn.entry} exports no handler)`);
      continue;
    }
    let invoke = asLambda(
      module.handler,
      fn,
      options.localEnvironment,
      (line) => options.log?.(stateName, line),
      options.observe && ((run) => options.observe!(stateName, run)),
    );
    if (options.inject) invoke = options.inject(stateName, fn, invoke);
    if (integration) {
      const lambda = invoke;
      invoke = async (input: unknown) => {
        const payload = ((input ?? {}) as { Payload?: Record<string, unknown> }).Payload ?? {};
        // On AWS every task that waits gets a token of its own; locally the context's one token is made so.
        if (waitsForToken && typeof payload.taskToken === 'string')
          payload.taskToken = `${payload.taskToken}:${randomUUID()}`;
        const result = await lambda(payload);
        if (waitsForToken) return options.respond!(stateName, payload);
        return { Payload: result, StatusCode: 200, ExecutedVersion: '$LATEST' };
      };
    }
    bindings.set(stateName, { stateName, fn, handler: invoke });
  }
  if (unbound.length > 0) {
    throw new UnboundTaskError(`these Task states are not bound to a function of the stack: ${unbound.join(', ')}`);
  }
  return bindings;
}

/** A function of the stack that no Task state calls (an event handler), invoked as Lambda would invoke it. */
export async function bindFunction(
  fn: TemplateFunction,
  options: { repositoryRoot: string; localEnvironment: Record<string, string>; log?: (line: string) => void },
): Promise<TaskHandler> {
  const module = await handlerModule(fn, options.repositoryRoot);
  if (typeof module.handler !== 'function') throw new UnboundTaskError(`${fn.entry} exports no handler`);
  return asLambda(module.handler, fn, options.localEnvironment, options.log ?? (() => undefined));
}

/** Where a function's console output goes: on AWS, CloudWatch Logs; locally, the run's log file. */
export type FunctionLog = (stateName: string, line: string) => void;

/**
 * Invocations take turns: each runs with its own function's environment and console, which are process-wide,
 * so two at once (the districts of a Map state) would see each other's. On AWS each has its own sandbox.
 */
let turn: Promise<unknown> = Promise.resolve();
/** Turns asked for and not yet begun. */
let waiting = 0;
function oneAtATime<T>(work: () => Promise<T>): Promise<T> {
  waiting += 1;
  const begin = () => {
    waiting -= 1;
    return work();
  };
  const run = turn.then(begin, begin);
  turn = run.catch(() => undefined);
  return run;
}

/**
 * The bench: wraps each invocation of a task's function inside its turn, so that what it measures (time, memory)
 * is that invocation's own, not its wait for another's to finish.
 */
export type InvocationObserver = <T>(stateName: string, run: () => Promise<T>) => Promise<T>;

function asLambda(
  handler: LambdaHandler,
  fn: TemplateFunction,
  localEnvironment: Record<string, string>,
  log: (line: string) => void,
  observe?: <T>(run: () => Promise<T>) => Promise<T>,
): TaskHandler {
  const invoke = (input: unknown) => invokeAsLambda(handler, fn, localEnvironment, log, input);
  return (input: unknown) => oneAtATime(() => (observe ? observe(() => invoke(input)) : invoke(input)));
}

async function invokeAsLambda(
  handler: LambdaHandler,
  fn: TemplateFunction,
  localEnvironment: Record<string, string>,
  log: (line: string) => void,
  input: unknown,
): Promise<unknown> {
  return asTheFunction(fn, localEnvironment, log, async () => {
    const event = JSON.parse(JSON.stringify(input ?? null)) as unknown;
    // As on Lambda, the time left runs down from the function's timeout as the invocation runs.
    const deadline = Date.now() + fn.timeoutSeconds * 1000;
    const context = {
      functionName: fn.logicalId,
      invokedFunctionArn: fn.arn,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    };
    const result = await handler(event, context);
    return JSON.parse(JSON.stringify(result ?? null)) as unknown;
  });
}

/**
 * Runs `work` as the function would run on Lambda: with its own environment from the template (and the local
 * endpoints), its console going to `log`, restored after. Not turn-taking itself: see inFunctionTurn.
 */
async function asTheFunction<T>(
  fn: TemplateFunction,
  localEnvironment: Record<string, string>,
  log: (line: string) => void,
  work: () => Promise<T>,
): Promise<T> {
  const saved = { ...process.env };
  const consoleMethods = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  for (const level of Object.keys(consoleMethods) as (keyof typeof consoleMethods)[]) {
    console[level] = (...args: unknown[]) =>
      log(
        `${level.toUpperCase()} ${args.map((a) => (typeof a === 'string' ? oneLine(a) : JSON.stringify(a))).join(' ')}`,
      );
  }
  // The function sees its own environment from the template, plus the local endpoints and directories.
  for (const key of Object.keys(process.env)) if (!KEEP.has(key)) delete process.env[key];
  Object.assign(process.env, fn.environment, localEnvironment, { AWS_LAMBDA_FUNCTION_NAME: fn.logicalId });
  try {
    return await work();
  } finally {
    Object.assign(console, consoleMethods);
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, saved);
  }
}

/**
 * Runs `work` in its turn, as the function would run it (its environment and console): for a function served other
 * than through a handler's event, such as the portal's app answering a local web request.
 */
export function inFunctionTurn<T>(
  fn: TemplateFunction,
  localEnvironment: Record<string, string>,
  log: (line: string) => void,
  work: () => Promise<T>,
): Promise<T> {
  // Works of the same function in the same environment share one turn, as a function's concurrent invocations on
  // Lambda would not see each other's environment either: a portal's requests are answered together, while nothing
  // else waits for the turn (then a new one waits its own, so the stages are never held up for long).
  const group = sharing.get(fn);
  if (group && group.environment === localEnvironment && waiting === 0) return group.join(work);
  let members = 0;
  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((resolve) => (finished = resolve));
  const join = async <R>(member: () => Promise<R>): Promise<R> => {
    members += 1;
    try {
      return await member();
    } finally {
      members -= 1;
      if (members === 0) {
        if (sharing.get(fn)?.join === join) sharing.delete(fn);
        finished();
      }
    }
  };
  return new Promise<T>((resolve, reject) => {
    oneAtATime(() =>
      asTheFunction(fn, localEnvironment, log, async () => {
        sharing.set(fn, { environment: localEnvironment, join });
        join(work).then(resolve, reject);
        await allDone;
      }),
    ).catch(reject);
  });
}

/** The function whose works share the turn now, and how a new work joins it. */
const sharing = new Map<
  TemplateFunction,
  { environment: Record<string, string>; join: <R>(work: () => Promise<R>) => Promise<R> }
>();

/** Process variables a Lambda also has (its runtime's), kept while a handler runs. */
const KEEP = new Set([
  'PATH',
  'HOME',
  'TMPDIR',
  'TZ',
  'LANG',
  'NODE_OPTIONS',
  'VITEST',
  'VITEST_WORKER_ID',
  'VITEST_POOL_ID',
  'NODE_ENV',
  'TEST',
]);

/** A log entry on one line, as CloudWatch shows it: JSON that a logger indented is written compactly. */
function oneLine(text: string): string {
  if (!text.includes('\n') || !text.trimStart().startsWith('{')) return text;
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
}
