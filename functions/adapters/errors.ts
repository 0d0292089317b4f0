/**
 * Errors the state machine understands. A TransientStageError is retried by Step Functions with backoff;
 * anything else fails the stage, is caught, and is recorded as the run's failure.
 */
export class TransientStageError extends Error {
  override readonly name = 'TransientStageError';
}

const TRANSIENT = new Set([
  'ProvisionedThroughputExceededException',
  'ThrottlingException',
  'Throttling',
  'RequestLimitExceeded',
  'InternalServerError',
  'ServiceUnavailable',
  'TransactionConflictException',
  'SlowDown',
  'RequestTimeout',
  'TimeoutError',
  'ECONNRESET',
  'ECONNREFUSED',
]);

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const meta = (error as { $metadata?: { httpStatusCode?: number }; $retryable?: unknown; code?: string }) ?? {};
  if (TRANSIENT.has(error.name) || (meta.code !== undefined && TRANSIENT.has(meta.code))) return true;
  if (meta.$retryable) return true;
  const status = meta.$metadata?.httpStatusCode;
  return status !== undefined && status >= 500;
}

/** Runs an AWS call, turning a transient failure into a TransientStageError so the stage is retried. */
export async function transientAware<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (isTransient(error)) throw new TransientStageError(`${what}: ${(error as Error).name}`);
    throw error;
  }
}
