/**
 * npm run ecb-decisions -- --term <term> --decisions <file> [--check] [--stage <stage>] [--table <name>]
 *
 * The Education Challenge Board's decisions on the term's warning notices, given to the running cycle. The sheet
 * (ecb/warning-notices.csv from the term's reports, with Decision, Rationale and, to issue or extend, Compliance
 * date filled in) is checked: any row that cannot be used is named with its column and value, and nothing is
 * sent. Then the decisions are stored with the request the cycle stored (the moderation table, under the term and
 * "Education Challenge Board: warning notices") and its task token is answered with how many there are; the cycle
 * reads them there, records them and writes the letters. The identity needs dynamodb:UpdateItem and GetItem on the
 * moderation table and states:SendTaskSuccess.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendTaskSuccessCommand, SFNClient } from '@aws-sdk/client-sfn';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
import { storeEcbNoticeAnswer } from '../functions/adapters/ecb-answers';
import { loadMethodologyFile } from '../functions/adapters/methodology-file';
import { ecbAnswerFromSheet } from '../functions/core/intervention/ecb-sheet';
import { isTermId } from '../functions/core/term';
import { CONTEXT_KEY, DEFAULT_STAGE, parseCycleConfig, stageSchema } from '../lib/config';
import { parseCommandLine, runCommand, UsageError } from './args';
import { REPOSITORY_ROOT } from './repository';
import { stackOutput } from './stack-outputs';
import { cdkJsonContext } from './template';

const USAGE = `Usage: npm run ecb-decisions -- --term <term> --decisions <file> [--check] [--notice-date <date>] [--stage <stage>] [--table <ModerationTableName>]
  --decisions    the ECB's sheet (ecb/warning-notices.csv from the term's reports) with Decision and Rationale filled in
  --check        validate the sheet without answering the cycle
  --notice-date  the date the notices will bear, which each compliance date is checked against (default: today; the
                 cycle checks them again against the run's letter date)
  --stage      the deployed stage whose cycle is waiting (default ${DEFAULT_STAGE}); its stack's outputs name the table
  --table      the moderation table itself, instead of reading the stack's outputs
AWS credentials and region as usual.`;

const argsSchema = z.object({
  term: z.string().refine(isTermId, { message: 'takes a term such as 2027-spring' }),
  decisions: z.string().min(1, { message: "takes the ECB's sheet" }),
  check: z.boolean().default(false),
  'notice-date': z.iso.date({ message: 'takes a date such as 2026-09-03' }).optional(),
  stage: stageSchema.default(DEFAULT_STAGE),
  table: z.string().optional(),
});

export { storeEcbNoticeAnswer } from '../functions/adapters/ecb-answers';
export { ecbAnswerFromSheet } from '../functions/core/intervention/ecb-sheet';

async function main(): Promise<number> {
  let args: z.infer<typeof argsSchema> | undefined;
  try {
    args = parseCommandLine(
      process.argv.slice(2),
      {
        term: { type: 'string' },
        decisions: { type: 'string' },
        check: { type: 'boolean' },
        'notice-date': { type: 'string' },
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
  const file = resolve(args.decisions);
  // A notice issued now is dated today at the earliest: its compliance date must leave the days its actions need.
  const policy = loadMethodologyFile(
    join(REPOSITORY_ROOT, parseCycleConfig(cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY]).methodology),
  ).warningNotices;
  const checked = ecbAnswerFromSheet(file, new Uint8Array(readFileSync(file)), 'the ECB', {
    on: args['notice-date'] ?? new Date().toISOString().slice(0, 10),
    minimumComplianceDays: policy?.minimumComplianceDays,
  });
  if (!checked.answer) {
    console.error(`The ECB's decisions cannot be used:\n  ${checked.problems.join('\n  ')}`);
    return 1;
  }
  const { decisions } = checked.answer;
  console.log(
    `ECB, ${args.term}: ${decisions.length} ${decisions.length === 1 ? 'decision' : 'decisions'}${decisions.map((d) => `\n  ${d.urn}: ${d.decision}${d.complianceDate ? ` (comply by ${d.complianceDate})` : ''}`).join('')}`,
  );
  if (args.check) {
    console.log('Checked: the decisions can be given to the cycle.');
    return 0;
  }
  const table = args.table ?? (await stackOutput(new CloudFormationClient({}), args.stage, 'ModerationTableName'));
  const by = `the ECB, put in by ${(await new STSClient({}).send(new GetCallerIdentityCommand({}))).Arn ?? 'an unknown identity'}`;
  const stored = await storeEcbNoticeAnswer(DynamoDBDocumentClient.from(new DynamoDBClient({})), table, args.term, {
    ...checked.answer,
    by,
  });
  if ('refused' in stored) {
    console.error(stored.refused);
    return 1;
  }
  try {
    await new SFNClient({}).send(
      new SendTaskSuccessCommand({ taskToken: stored.taskToken, output: JSON.stringify(stored.token) }),
    );
  } catch (error) {
    if (error instanceof Error && ['TaskTimedOut', 'TaskDoesNotExist', 'InvalidToken'].includes(error.name)) {
      console.error(
        `The cycle is no longer waiting for the ECB in ${args.term} (its deadline passed, or the run ended): the questions are asked again next term, or in a rerun of ${args.term}.`,
      );
      return 1;
    }
    throw error;
  }
  console.log('Given to the cycle: it records the decisions and writes the letters.');
  return 0;
}

runCommand(import.meta, main, { usage: USAGE });
