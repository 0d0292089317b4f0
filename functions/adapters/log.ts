/**
 * Each function's structured log (Powertools for AWS Lambda Logger): one JSON line per entry, every line
 * carrying the stage, the term and the execution it belongs to, the deployed stage, and the Lambda request.
 * Lines hold counts and identifiers, never a name or an address (and CloudWatch masks any address that slips in).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import type { Context } from 'aws-lambda';

export const SERVICE_NAME = 'school-improvement-cycle';

export function stageLog(stage: string, keys: { term?: string; executionId?: string } = {}, context?: unknown): Logger {
  const logger = new Logger({
    serviceName: SERVICE_NAME,
    persistentKeys: {
      stage,
      ...(process.env.CYCLE_STAGE ? { deployedStage: process.env.CYCLE_STAGE } : {}),
      ...(keys.term ? { term: keys.term } : {}),
      ...(keys.executionId ? { executionId: keys.executionId } : {}),
    },
  });
  if (context && typeof context === 'object' && 'awsRequestId' in context) logger.addContext(context as Context);
  return logger;
}
