/** The bench's CPU times (local/process-cpu.ts): another process's from /proc, as this process counts its own. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { countCpu, ownCpuMs, processCpuMs } from '../../local/process-cpu';

/**
 * Keeps this process busy until it has used `ms` of CPU, as Node counts it: on a busy machine a loop of so many
 * milliseconds by the clock can get much less of a core than that.
 */
function useCpu(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    const { user, system } = process.cpuUsage(start);
    if ((user + system) / 1000 >= ms) return;
  }
}

describe.skipIf(!existsSync('/proc/self/stat'))(
  'CPU time from /proc (Linux only: elsewhere the bench prints a dash)',
  () => {
    it("reads a process's CPU time as the process itself counts it", () => {
      // Busy for a while first, so that the time is many clock ticks (10 ms each) and not a rounding.
      useCpu(300);
      const [before, read, after] = [ownCpuMs(), processCpuMs(process.pid)!, ownCpuMs()];
      expect(read).toBeGreaterThan(250);
      expect(read).toBeGreaterThanOrEqual(before - 30);
      expect(read).toBeLessThanOrEqual(after + 30);
    });

    it('counts the CPU used since it started, of this process and of another; none of a process that is not there', () => {
      const used = countCpu(process.pid);
      useCpu(200);
      const { ownMs, otherMs } = used();
      expect(ownMs).toBeGreaterThanOrEqual(200);
      // The other process here is this one, read from /proc: the same time, to a few clock ticks.
      expect(Math.abs(otherMs! - ownMs)).toBeLessThan(40);
      expect(countCpu(undefined)().otherMs).toBeUndefined();
    });

    it('has no time for a process that is not there, or none given', () => {
      const gone = spawnSync(process.execPath, ['-e', '0']);
      expect(gone.pid).toBeGreaterThan(0);
      expect(processCpuMs(gone.pid)).toBeUndefined();
      expect(processCpuMs(undefined)).toBeUndefined();
    });
  },
);
