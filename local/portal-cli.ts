/**
 * npm run portal -- --store <dir> [--port 3000] [--dynamodb-port 8000] [--ses-port 8005]
 *
 * Serves the portal over a store that npm run cycle -- --store kept, with the local identity provider standing in for
 * Cognito: AAG members and chairs see their areas' latest proposals and what became of them. Decisions submitted
 * while no cycle runs are kept in the store, and the next run of their term takes them (as on AWS, where a rerun of a
 * term offers an AAG's stored decisions again). Ctrl-C stops it, and DynamoDB Local with it.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { CONTEXT_KEY, parseCycleConfig } from '../lib/config';
import { parseCommandLine, runCommand, UsageError } from './args';
import { portalWelcome } from './portal-welcome';
import { REPOSITORY_ROOT } from './repository';
import { LocalSetupError } from './services';
import { cdkJsonContext } from './template';

const USAGE = `Usage: npm run portal -- --store <dir> [--out <dir>] [--port <n>] [--dynamodb-port <n>] [--ses-port <n>]
  --store          the store npm run cycle -- --store <dir> kept (its DynamoDB Local data)
  --out            where those runs wrote their reports, served behind sign-in (default: out)
  --port           the portal's port (default 3000)
  --dynamodb-port  DynamoDB Local's port (default 8000)
  --ses-port       the local SES's port (default 8005)
  It prints the portal's address and the example people to sign in as; Ctrl-C stops it.`;

const port = z.coerce.number().int().min(1024).max(65535);
const argsSchema = z.object({
  store: z.string({ message: 'takes the folder npm run cycle -- --store kept' }),
  out: z.string().default('out'),
  port: port.default(3000),
  'dynamodb-port': port.default(8000),
  'ses-port': port.default(8005),
});

async function main(): Promise<number> {
  const args = parseCommandLine(
    process.argv.slice(2),
    {
      store: { type: 'string' },
      out: { type: 'string' },
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
  const cycle = await LocalCycle.start({
    storeDir: store,
    dynamoDbPort: args['dynamodb-port'],
    sesPort: args['ses-port'],
  });
  try {
    const config = parseCycleConfig(cdkJsonContext(REPOSITORY_ROOT)[CONTEXT_KEY]);
    const portal = await cycle.startPortal({
      moderationDeadlineHours: config.moderationDeadlineHours,
      port: args.port,
      outDir: resolve(args.out),
      // The inputs the runs archived in the store; the portal reads none of them.
      dataDir: join(store, 'archive'),
    });
    console.log(portalWelcome(portal));
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
