/**
 * npm run moderate -- --term <term> --district <district> (--decisions <file> | --agree) [--check] [--table <name>]
 *
 * An AAG's decisions on its district's proposed categories, returned to the running cycle. The cycle waits for
 * them on AWS (each district's task token is kept in the moderation table, ModerationTableName in the stack's
 * outputs); this sends them with Step Functions' SendTaskSuccess. With --check it only validates the sheet.
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { loadMethodologyFile } from '../functions/adapters/methodology-file';
import { districtResultSchema, readDecisions, type DistrictResult } from '../functions/core/moderation';
import { describeRejection, readRows } from '../functions/core/sheets';
import { isTermId } from '../functions/core/term';
import { CONTEXT_KEY, parseCycleConfig } from '../lib/config';
import { REPOSITORY_ROOT } from './local-cycle';
import { parseCommandLine, UsageError } from './args';
import { cdkJsonContext } from './template';

const USAGE = `Usage: npm run moderate -- --term <term> --district <district> (--decisions <file> | --agree) [--check] [--table <ModerationTableName>]
  --decisions  the district's proposals sheet with its Decision column filled in (CSV or .xlsx)
  --agree      the AAG agrees every proposed category
  --check      validate the decisions without sending them
  --table      the moderation table (the stack output ModerationTableName); AWS credentials and region as usual`;

const argsSchema = z
  .object({
    term: z.string().refine(isTermId, { message: 'takes a term such as 2027-spring' }),
    district: z.string().min(1, { message: "takes the AAG's district" }),
    decisions: z.string().optional(),
    agree: z.boolean().default(false),
    check: z.boolean().default(false),
    table: z.string().optional(),
  })
  .refine((a) => Boolean(a.decisions) !== a.agree, { message: 'give either --decisions <file> or --agree', path: ['decisions'] })
  .refine((a) => a.check || Boolean(a.table), { message: 'is needed to send decisions (the stack output ModerationTableName)', path: ['table'] });

/** The task output the cycle receives: the AAG's decisions for its district. */
export function districtDecisions(district: string, file: string | undefined, bytes: Uint8Array | undefined, now: Date): { result?: DistrictResult; problems: string[] } {
  if (!file || !bytes) return { result: { district, outcome: 'decided', decidedAt: now.toISOString(), decisions: [] }, problems: [] };
  const config = parseCycleConfig(cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY]);
  const methodology = loadMethodologyFile(join(REPOSITORY_ROOT, config.methodology));
  const { decisions, rejected } = readDecisions(basename(file), readRows(basename(file), bytes), methodology);
  const problems = rejected.map(describeRejection);
  const others = [...new Set(decisions.filter((d) => d.district !== district).map((d) => d.district))];
  if (others.length > 0) problems.push(`the sheet has decisions for ${others.join(', ')} too: send each district's own`);
  const ours = decisions.filter((d) => d.district === district);
  if (ours.length === 0) problems.push(`the sheet has no decisions for ${district}`);
  if (problems.length > 0) return { problems };
  return { result: districtResultSchema.parse({ district, outcome: 'decided', decidedAt: now.toISOString(), decisions: ours.map(({ district: _d, ...d }) => d) }), problems };
}

async function main(): Promise<number> {
  let args: z.infer<typeof argsSchema> | undefined;
  try {
    args = parseCommandLine(process.argv.slice(2), { term: { type: 'string' }, district: { type: 'string' }, decisions: { type: 'string' }, agree: { type: 'boolean' }, check: { type: 'boolean' }, table: { type: 'string' } }, argsSchema, USAGE);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!args) return 0;
  const file = args.decisions ? resolve(args.decisions) : undefined;
  const { result, problems } = districtDecisions(args.district, file, file ? new Uint8Array(readFileSync(file)) : undefined, new Date());
  if (!result) {
    console.error(`The decisions cannot be sent:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  const overrides = result.decisions.filter((d) => d.decision === 'override');
  console.log(`${args.district} AAG, ${args.term}: ${result.decisions.length || 'all'} decisions, ${overrides.length} overrides${overrides.map((o) => `\n  ${o.urn}: ${o.category} (${o.rationale})`).join('')}`);
  if (args.check) {
    console.log('Checked: the decisions can be sent.');
    return 0;
  }
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  const request = (await documents.send(new GetCommand({ TableName: args.table, Key: { term: args.term, district: args.district } }))).Item as { taskToken?: string } | undefined;
  if (!request?.taskToken) {
    console.error(`No moderation request for ${args.district} in ${args.term}: has the cycle for ${args.term} reached AAG moderation?`);
    return 1;
  }
  try {
    await new SFNClient({}).send(new SendTaskSuccessCommand({ taskToken: request.taskToken, output: JSON.stringify(result) }));
  } catch (error) {
    if (error instanceof Error && ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes(error.name)) {
      console.error(`The cycle is no longer waiting for ${args.district} (${error.name}): the deadline has passed and the proposals stood, or the decisions were sent already.`);
      return 1;
    }
    throw error;
  }
  console.log('Sent: the cycle carries on with these decisions.');
  return 0;
}

if (process.argv[1] && import.meta.filename === process.argv[1]) {
  main().then((code) => process.exit(code), (error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
