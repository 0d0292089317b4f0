/**
 * DynamoDB Local's JVM is started for short runs on two cores (local/services.ts), and nothing else is changed; one
 * that keeps a database per access key gives each run that asks a database of its own.
 */
import { existsSync, readFileSync } from 'node:fs';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { createTables, freePort, type LaunchedDynamoDb, launchDynamoDbLocal } from '../../local/services';
import type { TableDefinition } from '../../local/template';
import { sharedDynamoDb } from '../e2e/shared-dynamodb';

const procReadable = existsSync('/proc/self/environ');

/** A variable of the environment a process started with, from Linux's /proc. */
function environmentOf(pid: number, name: string): string | undefined {
  const line = readFileSync(`/proc/${pid}/environ`, 'latin1')
    .split('\0')
    .find((l) => l.startsWith(`${name}=`));
  return line?.slice(name.length + 1);
}
const javaOptionsOf = (pid: number) => environmentOf(pid, 'JDK_JAVA_OPTIONS');

describe.skipIf(!procReadable)(
  'DynamoDB Local is launched with the quick compiler and the serial collector, and no telemetry',
  { timeout: 90_000 },
  () => {
    let launched: LaunchedDynamoDb | undefined;
    const before = {
      JDK_JAVA_OPTIONS: process.env.JDK_JAVA_OPTIONS,
      DDB_LOCAL_TELEMETRY: process.env.DDB_LOCAL_TELEMETRY,
    };
    afterEach(async () => {
      await launched?.stop();
      launched = undefined;
      for (const [name, value] of Object.entries(before)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    it('gives its Java the options, and leaves this process without them', async () => {
      delete process.env.JDK_JAVA_OPTIONS;
      launched = await launchDynamoDbLocal(await freePort());
      await launched.ready;
      expect(javaOptionsOf(launched.pid!)).toBe('-XX:TieredStopAtLevel=1 -XX:+UseSerialGC');
      expect(process.env.JDK_JAVA_OPTIONS).toBeUndefined();
    });

    it("turns DynamoDB Local's telemetry off, short run or long, and leaves this process's environment as it was", async () => {
      delete process.env.DDB_LOCAL_TELEMETRY;
      for (const longRun of [false, true]) {
        launched = await launchDynamoDbLocal(await freePort(), undefined, { longRun });
        await launched.ready;
        expect(environmentOf(launched.pid!, 'DDB_LOCAL_TELEMETRY'), `long run: ${longRun}`).toBe('0');
        await launched.stop();
        launched = undefined;
      }
      expect(process.env.DDB_LOCAL_TELEMETRY).toBeUndefined();
    });

    it('gives a long run (the bench) none, leaving the JVM its own compilers', async () => {
      delete process.env.JDK_JAVA_OPTIONS;
      launched = await launchDynamoDbLocal(await freePort(), undefined, { longRun: true });
      await launched.ready;
      expect(javaOptionsOf(launched.pid!)).toBeUndefined();
    });

    it("puts the user's own options after them, so that theirs win, and leaves theirs as they were", async () => {
      process.env.JDK_JAVA_OPTIONS = '-XX:TieredStopAtLevel=4 -Xmx512m';
      launched = await launchDynamoDbLocal(await freePort());
      await launched.ready;
      expect(javaOptionsOf(launched.pid!)).toBe(
        '-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:TieredStopAtLevel=4 -Xmx512m',
      );
      expect(process.env.JDK_JAVA_OPTIONS).toBe('-XX:TieredStopAtLevel=4 -Xmx512m');
    });
  },
);

describe("a database of its own in a DynamoDB Local shared by several runs (the tests' own)", () => {
  const tablesOf = async (dynamo: LaunchedDynamoDb) => {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'eu-west-2',
      credentials: dynamo.credentials,
    });
    try {
      return (await client.send(new ListTablesCommand({}))).TableNames ?? [];
    } finally {
      client.destroy();
    }
  };
  const table = (TableName: string): TableDefinition => ({
    TableName,
    KeySchema: [{ AttributeName: 'term', KeyType: 'HASH' }],
    AttributeDefinitions: [{ AttributeName: 'term', AttributeType: 'S' }],
  });

  it('sees only its own tables, under an access key of its own, and stopping it deletes them and nothing else', async () => {
    const [first, second] = [sharedDynamoDb(), sharedDynamoDb()];
    await Promise.all([first.ready, second.ready]);
    expect(first.endpoint).toBe(second.endpoint);
    expect(first.credentials.accessKeyId).not.toBe(second.credentials.accessKeyId);
    await createTables(first.endpoint, [table('CycleRuns'), table('Schools')], first.credentials);
    await createTables(second.endpoint, [table('CycleRuns')], second.credentials);
    expect((await tablesOf(first)).sort()).toEqual(['CycleRuns', 'Schools']);
    expect(await tablesOf(second)).toEqual(['CycleRuns']);
    await first.stop();
    expect(await tablesOf(first)).toEqual([]);
    expect(await tablesOf(second)).toEqual(['CycleRuns']);
    await second.stop();
    expect(await tablesOf(second)).toEqual([]);
  });
});
