/**
 * CPU time used by this process and by another (DynamoDB Local's Java), for the bench: on a machine of two cores
 * the functions and DynamoDB Local share them, and a stage's time is theirs together.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** The clock ticks a second that /proc counts CPU time in (getconf CLK_TCK; 100 on Linux). */
const CLOCK_TICKS = (() => {
  const answer = spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' });
  return Number(answer.stdout?.trim()) || 100;
})();

/**
 * The CPU time (user and system, milliseconds) a process has used, from /proc/<pid>/stat: for DynamoDB Local's Java,
 * which runs beside this process on the same cores. Undefined where there is no /proc (not Linux) or no process.
 */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The fields after the command's closing parenthesis: the state is the first, utime the 12th and stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

/** This process's CPU time (user and system, milliseconds). */
export const ownCpuMs = (): number => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

/**
 * CPU time used since a count was started: this process's, and the other process's (undefined where it cannot be read).
 */
export interface CpuUsed {
  ownMs: number;
  otherMs: number | undefined;
}

/** Starts counting the CPU this process and process `pid` use; the function returned says how much since. */
export function countCpu(pid: number | undefined): () => CpuUsed {
  const [own, other] = [ownCpuMs(), processCpuMs(pid)];
  return () => {
    const otherNow = processCpuMs(pid);
    return {
      ownMs: ownCpuMs() - own,
      otherMs: other === undefined || otherNow === undefined ? undefined : otherNow - other,
    };
  };
}
