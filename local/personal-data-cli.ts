/**
 * npm run personal-data -- --email <address> [--name <name>]... [--erase] (--store <dir> [--out <dir>] [--data
 * <dir>]... | --stage <stage>)
 *
 * A subject access request: every place the cycle holds a person's data (their address, and the names its records
 * give with it), and what erasure would do with each. With --erase, the right to erasure: each place erased (rows
 * removed, a contact taken out, the address and names masked, a letter not sent or a copy deleted), except what the
 * law requires the authority to keep (a statutory warning notice as given, the record that a letter went, which
 * holds a hash of the address), saying why; the erasure itself goes on the audit trail, under the address's hash.
 */
import { CloudFormationClient, DescribeStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { TABLE_ENV, type TableName } from '../functions/adapters/config';
import { stackNameFor, stageSchema } from '../lib/config';
import { parseCommandLine, runCommand, UsageError } from './args';
import { localContext } from './local-cycle';
import {
  bucketFiles,
  erasePersonalData,
  type Finding,
  findPersonalData,
  type Holdings,
  localFiles,
  namesOf,
  recordErasure,
} from './personal-data';
import { LOCAL_CREDENTIALS, LocalSetupError } from './services';
import { stackOutput } from './stack-outputs';
import { openLocalStore } from './store';
import { type CfnTemplate, LOCAL_REGION, sharedEnvironment, synthesizedTemplate, templateTables } from './template';

const USAGE = `Usage: npm run personal-data -- --email <address> [--name <name>]... [--erase] (--store <dir> [--out <dir>] [--data <dir>]... | --stage <stage>)
  --email  the person's email address: every place the cycle holds it, and the names its records give with it
  --name   another name to look for with it (repeatable): one the records no longer give
  --erase  erase it everywhere except what the law requires the authority to keep, saying what was kept and why
  --store  the local store a cycle kept (npm run cycle -- --store <dir>): its tables, archived inputs and working copies
  --out    the local run's out folder (reports, letters, emails) (default: out)
  --data   a folder of term files given to the cycle as inputs (repeatable; none by default, so the bundled example is never changed)
  --stage  a deployed stage (staging, production): its tables and its term files bucket (AWS credentials and region as usual)`;

const argsSchema = z
  .object({
    email: z.email(),
    name: z.array(z.string().min(1)).default([]),
    erase: z.boolean().default(false),
    store: z.string().optional(),
    out: z.string().default('out'),
    data: z.array(z.string()).default([]),
    stage: stageSchema.optional(),
    'dynamodb-port': z.coerce.number().int().min(1024).max(65535).optional(),
  })
  .refine((a) => Boolean(a.store) !== Boolean(a.stage), {
    message: 'give either --store <dir> (a local store) or --stage <stage> (a deployed stage)',
    path: ['store'],
  });
type Args = z.infer<typeof argsSchema>;

/** Each table's name in the template (a local store's, by logical id) and its keys, by what it holds. */
function tablesOf(template: CfnTemplate, physical: (logicalId: string) => string): Holdings['tables'] {
  const keys = new Map(templateTables(template).map((t) => [t.TableName, t.KeySchema.map((k) => k.AttributeName)]));
  return (Object.keys(TABLE_ENV) as TableName[]).flatMap((label) => {
    const logicalId = sharedEnvironment(template, TABLE_ENV[label]);
    return logicalId ? [{ name: physical(logicalId), label, keys: keys.get(logicalId) ?? [] }] : [];
  });
}

function report(findings: readonly Finding[], args: Args, names: readonly string[]): string[] {
  const lines = [
    `${args.email}${names.length > 0 ? ` (on file as ${names.join(', ')})` : ''}: ${findings.length === 0 ? 'held nowhere the cycle keeps things' : `held in ${findings.length} ${findings.length === 1 ? 'place' : 'places'}`}`,
  ];
  for (const f of findings)
    lines.push(
      `  ${f.label}: ${f.occurrences} ${f.occurrences === 1 ? 'mention' : 'mentions'}; ${args.erase ? (f.done === 'kept' ? `kept: ${f.erasure.why}` : `${f.done}`) : `erasure would ${f.erasure.action === 'keep' ? `keep it: ${f.erasure.why}` : `${f.erasure.action}: ${f.erasure.why}`}`}`,
    );
  return lines;
}

async function main(): Promise<number> {
  let args: Args | undefined;
  try {
    args = parseCommandLine(
      process.argv.slice(2),
      {
        email: { type: 'string' },
        name: { type: 'string', multiple: true },
        erase: { type: 'boolean' },
        store: { type: 'string' },
        out: { type: 'string' },
        data: { type: 'string', multiple: true },
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
  const template = await synthesizedTemplate(localContext());
  let holdings: Holdings;
  let by: string;
  let stop = async () => undefined as undefined;
  if (args.stage) {
    const stack = stackNameFor(args.stage);
    const resources =
      (await new CloudFormationClient({}).send(new DescribeStackResourcesCommand({ StackName: stack })))
        .StackResources ?? [];
    const physical = new Map(resources.map((r) => [r.LogicalResourceId!, r.PhysicalResourceId!]));
    const bucket = await stackOutput(new CloudFormationClient({}), args.stage, 'TermFilesBucketName');
    const tables = tablesOf(template, (id) => physical.get(id) ?? id);
    holdings = {
      tables,
      documents: DynamoDBDocumentClient.from(new DynamoDBClient({})),
      files: bucketFiles(new S3Client({}), bucket),
      auditTable: tables.find((t) => t.label === 'auditTrail')!.name,
    };
    by = `${(await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn ?? 'an AWS identity'} (npm run personal-data)`;
  } else {
    const store = await openLocalStore(args.store!, args['dynamodb-port']);
    if ('missing' in store) {
      console.error(store.missing);
      return 1;
    }
    const client = new DynamoDBClient({
      endpoint: store.dynamo.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
    });
    stop = async () => {
      client.destroy();
      await store.dynamo.stop();
    };
    const tables = tablesOf(template, (id) => id);
    holdings = {
      tables,
      documents: DynamoDBDocumentClient.from(client),
      files: localFiles({ inputs: args.data, store: args.store, out: args.out }),
      auditTable: tables.find((t) => t.label === 'auditTrail')!.name,
    };
    by = `${process.env.USER ?? 'an operator'} (npm run personal-data, local store ${args.store})`;
  }
  try {
    const names = [...new Set([...(await namesOf(holdings, args.email)), ...args.name])];
    const person = { email: args.email, names };
    const findings = await findPersonalData(holdings, person);
    if (args.erase && findings.length > 0) {
      await erasePersonalData(holdings, person, findings);
      await recordErasure(holdings, person, findings, by);
    }
    console.log(report(findings, args, names).join('\n'));
    if (args.erase && findings.length > 0) {
      const kept = findings.filter((f) => f.done === 'kept').length;
      console.log(
        `\nErased from ${findings.length - kept} ${findings.length - kept === 1 ? 'place' : 'places'}; kept ${kept}, each for the reason given. The erasure is on the audit trail under the address's hash. Backups and earlier versions of files go as they expire (docs/operator.md, Retention).`,
      );
    }
    return 0;
  } finally {
    await stop();
  }
}

runCommand(import.meta, main, {
  usage: USAGE,
  expected: { is: (error) => error instanceof LocalSetupError || error instanceof UsageError },
});
