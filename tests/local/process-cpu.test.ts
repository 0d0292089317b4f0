/** The bench's CPU times (local/process-cpu.ts): another process's from /proc, as this process counts its own. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ownCpuMs, processCpuMs } from '../../local/process-cpu';

describe.skipIf(!existsSync('/proc/self/stat'))('CPU time from /proc (Linux only: elsewhere the bench prints a dash)', () => {
  it("reads a process's CPU time as the process itself counts it", () => {
    // Busy for a while first, so that the time is many clock ticks (10 ms each) and not a rounding.
    const until = Date.now() + 300;
    while (Date.now() < until);
    const [before, read, after] = [ownCpuMs(), processCpuMs(process.pid)!, ownCpuMs()];
    expect(read).toBeGreaterThan(250);
    expect(read).toBeGreaterThanOrEqual(before - 30);
    expect(read).toBeLessThanOrEqual(after + 30);
  });

  it('has no time for a process that is not there, or none given', () => {
    const gone = spawnSync(process.execPath, ['-e', '0']);
    expect(gone.pid).toBeGreaterThan(0);
    expect(processCpuMs(gone.pid)).toBeUndefined();
    expect(processCpuMs(undefined)).toBeUndefined();
  });
});
