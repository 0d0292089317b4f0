/**
 * npm run portal -- --store <dir> [--data <dir>] [--minutes 10] [--port 3000] [--dynamodb-port 8000] [--ses-port 8005]
 *
 * Serves the portal over a store that npm run cycle -- --store kept, with the local identity provider standing in for
 * Cognito: AAG members and chairs see their areas' latest proposals and what became of them. Decisions submitted
 * while no cycle runs are kept in the store, and the next run of their term takes them (as on AWS, where a rerun of a
 * term offers an AAG's stored decisions again). The team may run a term from the portal: it runs here, on the store,
 * from --data's term folder, the AAGs and the ECB deciding in the portal. Ctrl-C stops it, and DynamoDB Local with it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CONTEXT_KEY, parseCycleConfig } from '../lib/config';
import { parseCommandLine, runCommand, UsageError } from './args';
import { portalWelcome, schoolPeopleWelcome } from './portal-welcome';
import { REPOSITORY_ROOT } from './repository';
import { LocalSetupError } from './services';
import { cdkJsonContext } from './template';

const USAGE = `Usage: npm run portal -- --store <dir> [--data <dir>] [--out <dir>] [--minutes <n>] [--port <n>] [--dynamodb-port <n>] [--ses-port <n>]
  --store          the store npm run cycle -- --store <dir> kept (its DynamoDB Local data)
  --data           the terms' input files, one folder per term: where the team's uploads go, and what a run started in
                   the portal reads (default: <store>/inputs; --data example runs the bundled example's terms)
  --out            where those runs wrote their reports, served behind sign-in, and where a run started in the portal
                   writes its own (default: out)
  --minutes        how long the AAGs (and the ECB) have in a run started in the portal, in minutes (default 10)
  --port           the portal's port (default 3000)
  --dynamodb-port  DynamoDB Local's port (default 8000)
  --ses-port       the local SES's port (default 8005)
  It prints the portal's address and the example people to sign in as; Ctrl-C stops it.`;

const port = z.coerce.number().int().min(1024).max(65535);
const argsSchema = z.object({
  store: z.string({ message: 'takes the folder npm run cycle -- --store kept' }),
  data: z.string().optional(),
  out: z.string().default('out'),
  minutes: z.coerce
    .number()
    .positive()
    .max(24 * 60)
    .default(10),
  port: port.default(3000),
  'dynamodb-port': port.default(8000),
  'ses-port': port.default(8005),
});

async function main(): Promise<number> {
  const args = parseCommandLine(
    process.argv.slice(2),
    {
      store: { type: 'string' },
      data: { type: 'string' },
      out: { type: 'string' },
      minutes: { type: 'string' },
      port: { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'ses-port': { type: 'string' },
    },
    argsSchema,
    USAGE,
  );
  if (!args) return 0;
  const store = resolve(args.store);
  if (!existsSync(join(store, 'dynamodb')))
    throw new UsageError(`--store ${args.store}: no store there (npm run cycle -- --store ${args.store} makes one)`);
  const { checkPortFree } = await import('./services');
  await checkPortFree(args.port, 'the portal', '--port');
  const { LocalCycle } = await import('./local-cycle');
  const config = parseCycleConfig(cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY]);
  const cycle = await LocalCycle.start({
    storeDir: store,
    dynamoDbPort: args['dynamodb-port'],
    sesPort: args['ses-port'],
    // A run started in the portal waits --minutes for the AAGs (and as long for the ECB), as npm run cycle -- --portal.
    deadlineHourSeconds: (args.minutes * 60) / config.moderationDeadlineHours,
  });
  try {
    const portal = await cycle.startPortal({
      moderationDeadlineHours: args.minutes / 60,
      port: args.port,
      outDir: resolve(args.out),
      dataDir: args.data ? resolve(args.data) : join(store, 'inputs'),
    });
    console.log(portalWelcome(portal));
    const schoolPeople = schoolPeopleWelcome(await portal.schoolPeople(), 'the newest term');
    if (schoolPeople) console.log(schoolPeople);
    console.log('\n  Serving the store until Ctrl-C.');
    await new Promise<void>((done) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => done());
    });
  } finally {
    await cycle.stop();
  }
  console.log('Stopped.');
  return 0;
}

runCommand(import.meta, main, {
  usage: USAGE,
  expected: { is: (error) => error instanceof LocalSetupError, prefix: 'Cannot serve the portal: ', code: 2 },
});
