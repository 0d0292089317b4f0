/**
 * npm run history -- --urn <urn> (--store <dir> | --stage <stage>)
 *
 * A school's timeline across terms from the audit trail: every proposal, AAG decision and choice of support, the
 * ECB's decisions, its brokering and its letters (sent, and what became of them), with who, when and on what
 * evidence. From the local store a cycle kept (`npm run cycle -- --store <dir>`), or from a deployed stage.
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { type AuditEntry, historyLines } from '../functions/core/audit/trail';
import { urnCell } from '../functions/core/cells';
import { stageSchema } from '../lib/config';
import { parseCommandLine, runCommand, UsageError } from './args';
import { REPOSITORY_ROOT } from './repository';
import { LOCAL_CREDENTIALS, LocalSetupError } from './services';
import { stackOutput } from './stack-outputs';
import { openLocalStore } from './store';
import { cdkJsonContext, LOCAL_REGION, sharedEnvironment, synthesizedTemplate } from './template';

const USAGE = `Usage: npm run history -- --urn <urn> (--store <dir> | --stage <stage>) [--dynamodb-port <n>]
  --urn    the school's URN
  --store  the local store a cycle kept (npm run cycle -- --store <dir>)
  --stage  a deployed stage (staging, production): its stack's AuditTrailTableName output names the table
           (AWS credentials and region as usual)`;

const argsSchema = z
  .object({
    urn: urnCell,
    store: z.string().optional(),
    stage: stageSchema.optional(),
    'dynamodb-port': z.coerce.number().int().min(1024).max(65535).optional(),
  })
  .refine((a) => Boolean(a.store) !== Boolean(a.stage), {
    message: 'give either --store <dir> or --stage <stage>',
    path: ['store'],
  });

/** Every entry about the school in the table, oldest first (by its id: term, time, kind). */
export async function schoolTimeline(
  documents: Pick<DynamoDBDocumentClient, 'send'>,
  table: string,
  urn: string,
): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: '#s = :s',
        ExpressionAttributeNames: { '#s': 'subject' },
        ExpressionAttributeValues: { ':s': urn },
        ExclusiveStartKey,
      }),
    );
    entries.push(...((page.Items ?? []) as AuditEntry[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return entries;
}

async function main(): Promise<number> {
  let args: z.infer<typeof argsSchema> | undefined;
  try {
    args = parseCommandLine(
      process.argv.slice(2),
      {
        urn: { type: 'string' },
        store: { type: 'string' },
        stage: { type: 'string' },
        'dynamodb-port': { type: 'string' },
      },
      argsSchema,
      USAGE,
    );
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) return 0;
  let entries: AuditEntry[];
  if (args.stage) {
    try {
      const table = await stackOutput(new CloudFormationClient({}), args.stage, 'AuditTrailTableName');
      entries = await schoolTimeline(DynamoDBDocumentClient.from(new DynamoDBClient({})), table, args.urn);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      console.error(error.message);
      return 1;
    }
  } else {
    const store = await openLocalStore(args.store!, args['dynamodb-port']);
    if ('missing' in store) {
      console.error(store.missing);
      return 1;
    }
    const { dynamo } = store;
    try {
      const table = sharedEnvironment(await synthesizedTemplate(cdkJsonContext(REPOSITORY_ROOT)), 'AUDIT_TRAIL_TABLE')!;
      const client = new DynamoDBClient({
        endpoint: dynamo.endpoint,
        region: LOCAL_REGION,
        credentials: LOCAL_CREDENTIALS,
      });
      entries = await schoolTimeline(DynamoDBDocumentClient.from(client), table, args.urn).catch((error: unknown) => {
        if (error instanceof Error && error.name === 'ResourceNotFoundException') return [];
        throw error;
      });
      client.destroy();
    } finally {
      await dynamo.stop();
    }
  }
  if (entries.length === 0) {
    console.log(
      `Nothing is recorded for URN ${args.urn}${args.store ? ` in ${args.store}` : ''}: is it a school of the authority, and has a term been run${args.store ? ' with this --store' : ''}?`,
    );
    return 1;
  }
  console.log(`URN ${args.urn}: ${entries.length} entries in the audit trail\n`);
  console.log(historyLines(entries).join('\n'));
  return 0;
}

runCommand(import.meta, main, { usage: USAGE, expected: { is: (error) => error instanceof LocalSetupError } });
