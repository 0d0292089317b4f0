/**
 * npm run moderate -- --term <term> --district <district> (--decisions <file> | --agree) [--check] [--stage <stage>]
 * [--table <name>]
 *
 * An AAG's decisions on its district's proposed categories, put in for the running cycle. They are stored under
 * the district and term in the stack's aag-decisions table (found from the stack's outputs), where the AAG's own
 * access (the stack's AagPolicyArn, attached to a role or user tagged with its district) lets it write its own
 * district's item only; the table's stream passes them to the cycle waiting on that district. With --check it
 * only validates the sheet.
 */
import { readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { loadMethodologyFile } from '../functions/adapters/methodology-file';
import {
  readDecisions,
  type SchoolDecision,
  type StoredDecisions,
  storedDecisionsSchema,
} from '../functions/core/assessment/moderation';
import { describeRejection, readRows } from '../functions/core/sheets';
import { isTermId } from '../functions/core/term';
import { CONTEXT_KEY, DEFAULT_STAGE, parseCycleConfig, stageSchema } from '../lib/config';
import { parseCommandLine, runCommand, UsageError } from './args';
import { REPOSITORY_ROOT } from './repository';
import { stackOutput } from './stack-outputs';
import { cdkJsonContext } from './template';

const USAGE = `Usage: npm run moderate -- --term <term> --district <district> (--decisions <file> | --agree) [--check] [--stage <stage>] [--table <AagDecisionsTableName>]
  --decisions  the district's proposals sheet with its Decision column filled in (CSV or .xlsx)
  --agree      the AAG agrees every proposed category
  --check      validate the decisions without putting them in
  --stage      the deployed stage whose cycle is waiting (default ${DEFAULT_STAGE}); its stack's outputs name the table
  --table      the aag-decisions table itself, instead of reading the stack's outputs
AWS credentials and region as usual: the identity must carry the stack's AagPolicyArn and the tag aag-district=<district>.`;

const argsSchema = z
  .object({
    term: z.string().refine(isTermId, { message: 'takes a term such as 2027-spring' }),
    district: z.string().min(1, { message: "takes the AAG's district" }),
    decisions: z.string().optional(),
    agree: z.boolean().default(false),
    check: z.boolean().default(false),
    stage: stageSchema.default(DEFAULT_STAGE),
    table: z.string().optional(),
  })
  .refine((a) => Boolean(a.decisions) !== a.agree, {
    message: 'give either --decisions <file> or --agree',
    path: ['decisions'],
  });

/**
 * The AAG's decisions for its own district, from its sheet (or none for --agree): problems if any row cannot be used.
 */
export function districtDecisions(
  district: string,
  file: string | undefined,
  bytes: Uint8Array | undefined,
): { decisions?: SchoolDecision[]; problems: string[] } {
  if (!file || !bytes) return { decisions: [], problems: [] };
  const config = parseCycleConfig(cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY]);
  const methodology = loadMethodologyFile(join(REPOSITORY_ROOT, config.methodology));
  const { decisions, rejected } = readDecisions(basename(file), readRows(basename(file), bytes), methodology);
  const problems = rejected.map(describeRejection);
  const others = [...new Set(decisions.filter((d) => d.district !== district).map((d) => d.district))];
  if (others.length > 0)
    problems.push(`the sheet has decisions for ${others.join(', ')} too: send each district's own`);
  const ours = decisions.filter((d) => d.district === district);
  if (ours.length === 0) problems.push(`the sheet has no decisions for ${district}`);
  if (problems.length > 0) return { problems };
  return { decisions: ours.map(({ district: _d, ...d }) => d), problems };
}

/** The table the stage's stack keeps AAG decisions in, from its outputs. */
export function aagDecisionsTable(cloudFormation: Pick<CloudFormationClient, 'send'>, stage: string): Promise<string> {
  return stackOutput(cloudFormation, stage, 'AagDecisionsTableName');
}

/**
 * Puts an AAG's decisions in, replacing any it put in before for the term. Passed on while the cycle waits, they
 * decide the run; put in later, they are kept, marked too late, and a rerun of the term uses them.
 */
export async function putAagDecisions(
  documents: Pick<DynamoDBDocumentClient, 'send'>,
  table: string,
  item: StoredDecisions,
): Promise<void> {
  await documents.send(new PutCommand({ TableName: table, Item: storedDecisionsSchema.parse(item) }));
}

/** Waits (up to `seconds`) for the cycle to take the decisions: what became of them, or undefined if not yet. */
export async function receiptOf(
  documents: Pick<DynamoDBDocumentClient, 'send'>,
  table: string,
  district: string,
  term: string,
  seconds: number,
): Promise<StoredDecisions['received']> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const item = (
      await documents.send(new GetCommand({ TableName: table, Key: { district, term }, ConsistentRead: true }))
    ).Item as StoredDecisions | undefined;
    if (item?.received) return item.received;
    if (Date.now() >= until) return undefined;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

async function main(): Promise<number> {
  let args: z.infer<typeof argsSchema> | undefined;
  try {
    args = parseCommandLine(
      process.argv.slice(2),
      {
        term: { type: 'string' },
        district: { type: 'string' },
        decisions: { type: 'string' },
        agree: { type: 'boolean' },
        check: { type: 'boolean' },
        stage: { type: 'string' },
        table: { type: 'string' },
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
  const file = args.decisions ? resolve(args.decisions) : undefined;
  const { decisions, problems } = districtDecisions(
    args.district,
    file,
    file ? new Uint8Array(readFileSync(file)) : undefined,
  );
  if (!decisions) {
    console.error(`The decisions cannot be put in:\n  ${problems.join('\n  ')}`);
    return 1;
  }
  const overrides = decisions.filter((d) => d.decision === 'override');
  console.log(
    `${args.district} AAG, ${args.term}: ${decisions.length || 'all'} decisions, ${overrides.length} overrides${overrides.map((o) => `\n  ${o.urn}: ${o.category} (${o.rationale})`).join('')}`,
  );
  if (args.check) {
    console.log('Checked: the decisions can be put in.');
    return 0;
  }
  let table: string;
  try {
    table = args.table ?? (await aagDecisionsTable(new CloudFormationClient({}), args.stage));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(error.message);
    return 1;
  }
  const submittedBy = (await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn ?? 'unknown identity';
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}));
  try {
    await putAagDecisions(documents, table, {
      district: args.district,
      term: args.term,
      decidedAt: new Date().toISOString(),
      submittedBy,
      decisions,
    });
  } catch (error) {
    if (error instanceof Error && error.name === 'AccessDeniedException') {
      console.error(
        `${submittedBy} may not put decisions in for ${args.district}: the identity needs the stack's AagPolicyArn and the tag aag-district=${args.district}.`,
      );
      return 1;
    }
    throw error;
  }
  console.log(`Put in for ${args.district} by ${submittedBy}.`);
  const received = await receiptOf(documents, table, args.district, args.term, 60);
  if (received === 'in time') console.log('Passed to the cycle: it carries on with these decisions.');
  else if (received === 'too late')
    console.log(
      `Kept, but the cycle had stopped waiting for ${args.district} (its deadline passed and the proposals stood, or the run ended); a rerun of ${args.term} will use them.`,
    );
  else
    console.log(
      `Kept. The cycle has not taken them yet: it will when ${args.term}'s run reaches AAG moderation for ${args.district}.`,
    );
  return 0;
}

runCommand(import.meta, main, { usage: USAGE });
