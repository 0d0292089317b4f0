/** DynamoDB Local's JVM is started for short runs on two cores (local/services.ts), and nothing else is changed. */
import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, launchDynamoDbLocal, type LaunchedDynamoDb } from '../../local/services';

const procReadable = existsSync('/proc/self/environ');

/** The JDK_JAVA_OPTIONS a process started with, from Linux's /proc. */
function javaOptionsOf(pid: number): string | undefined {
  const line = readFileSync(`/proc/${pid}/environ`, 'latin1').split('\0').find((l) => l.startsWith('JDK_JAVA_OPTIONS='));
  return line?.slice('JDK_JAVA_OPTIONS='.length);
}

describe.skipIf(!procReadable)('DynamoDB Local is launched with the quick compiler and the serial collector', { timeout: 90_000 }, () => {
  let launched: LaunchedDynamoDb | undefined;
  const before = process.env.JDK_JAVA_OPTIONS;
  afterEach(async () => {
    await launched?.stop();
    launched = undefined;
    if (before === undefined) delete process.env.JDK_JAVA_OPTIONS;
    else process.env.JDK_JAVA_OPTIONS = before;
  });

  it('gives its Java the options, and leaves this process without them', async () => {
    delete process.env.JDK_JAVA_OPTIONS;
    launched = await launchDynamoDbLocal(await freePort());
    await launched.ready;
    expect(javaOptionsOf(launched.pid!)).toBe('-XX:TieredStopAtLevel=1 -XX:+UseSerialGC');
    expect(process.env.JDK_JAVA_OPTIONS).toBeUndefined();
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
    expect(javaOptionsOf(launched.pid!)).toBe('-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:TieredStopAtLevel=4 -Xmx512m');
    expect(process.env.JDK_JAVA_OPTIONS).toBe('-XX:TieredStopAtLevel=4 -Xmx512m');
  });
});
