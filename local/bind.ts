/**
 * Binds each Task state of the synthesized definition to the handler its Lambda function deploys, invoked the
 * way Lambda invokes it: with that function's environment only, JSON in and JSON out, an error's name as its
 * Step Functions error. A Task whose resource is not one of the stack's functions is an error, never a no-op.
 */
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

export async function bindTasks(
  definition: StateMachineDefinition,
  functions: ReadonlyMap<string, TemplateFunction>,
  options: { repositoryRoot: string; localEnvironment: Record<string, string>; inject?: FaultInjector; log?: FunctionLog },
): Promise<Map<string, Binding>> {
  const bindings = new Map<string, Binding>();
  const unbound: string[] = [];
  for (const [stateName, state] of Object.entries(definition.States)) {
    if (state.Type !== 'Task') continue;
    const fn = state.Resource ? functions.get(state.Resource) : undefined;
    if (!fn) {
      unbound.push(`'${stateName}' (${state.Resource ?? 'no resource'})`);
      continue;
    }
    const module = (await import(pathToFileURL(join(options.repositoryRoot, fn.entry)).href)) as { handler?: LambdaHandler };
    if (typeof module.handler !== 'function') {
      unbound.push(`'${stateName}' (${fn.entry} exports no handler)`);
      continue;
    }
    let invoke = asLambda(module.handler, fn, options.localEnvironment, (line) => options.log?.(stateName, line));
    if (options.inject) invoke = options.inject(stateName, fn, invoke);
    bindings.set(stateName, { stateName, fn, handler: invoke });
  }
  if (unbound.length > 0) {
    throw new UnboundTaskError(`these Task states are not bound to a function of the stack: ${unbound.join(', ')}`);
  }
  return bindings;
}

/** Where a function's console output goes: on AWS, CloudWatch Logs; locally, the run's log file. */
export type FunctionLog = (stateName: string, line: string) => void;

function asLambda(handler: LambdaHandler, fn: TemplateFunction, localEnvironment: Record<string, string>, log: (line: string) => void): TaskHandler {
  return async (input: unknown) => {
    const saved = { ...process.env };
    const consoleMethods = { log: console.log, info: console.info, warn: console.warn, error: console.error };
    for (const level of Object.keys(consoleMethods) as (keyof typeof consoleMethods)[]) {
      console[level] = (...args: unknown[]) => log(`${level.toUpperCase()} ${args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ')}`);
    }
    // The function sees its own environment from the template, plus the local endpoints and directories.
    for (const key of Object.keys(process.env)) if (!KEEP.has(key)) delete process.env[key];
    Object.assign(process.env, fn.environment, localEnvironment, { AWS_LAMBDA_FUNCTION_NAME: fn.logicalId });
    try {
      const event = JSON.parse(JSON.stringify(input ?? null)) as unknown;
      const context = { functionName: fn.logicalId, invokedFunctionArn: fn.arn, getRemainingTimeInMillis: () => fn.timeoutSeconds * 1000 };
      const result = await handler(event, context);
      return JSON.parse(JSON.stringify(result ?? null)) as unknown;
    } finally {
      Object.assign(console, consoleMethods);
      for (const key of Object.keys(process.env)) delete process.env[key];
      Object.assign(process.env, saved);
    }
  };
}

/** Process variables a Lambda also has (its runtime's), kept while a handler runs. */
const KEEP = new Set(['PATH', 'HOME', 'TMPDIR', 'TZ', 'LANG', 'NODE_OPTIONS', 'VITEST', 'VITEST_WORKER_ID', 'VITEST_POOL_ID', 'NODE_ENV', 'TEST']);
