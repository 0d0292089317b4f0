/**
 * Where `npm test` writes: its stores (DynamoDB Local's files, which it syncs to disk on every write), out folders
 * and work folders. In memory (a folder of its own in /dev/shm) where the machine has one with room, as Linux
 * machines do: the runs then wait for no disk (an example autumn kept in a store took 10.8 s there against 13.9 s on
 * the disk, its intake stored in 1.5 s against 3.8 s). Elsewhere, the system's temporary folder, as before.
 * vitest.config.ts points TMPDIR here, so every test's mkdtemp(tmpdir()) and every process it starts writes here; the
 * global setup removes the folder at the end, and any a killed `npm test` left.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { processAlive } from '../local/process-alive';

const MEMORY = '/dev/shm';
export const SCRATCH_PREFIX = 'school-improvement-cycle-tests-';
/** The room a whole `npm test` needs at most (its 2,500-school term and kept stores), with a margin. */
const ROOM_BYTES = 2 * 1024 ** 3;

/** A folder for this `npm test` (its process id in the name), made now; folders of earlier runs now gone removed. */
export function testScratchDir(): string {
  let base = tmpdir();
  try {
    const room = statfsSync(MEMORY);
    if (room.bavail * room.bsize >= ROOM_BYTES) base = MEMORY;
  } catch {
    // No /dev/shm (not Linux): the temporary folder.
  }
  for (const name of existsSync(base) ? readdirSync(base) : []) {
    const pid = Number(name.slice(SCRATCH_PREFIX.length));
    if (name.startsWith(SCRATCH_PREFIX) && Number.isInteger(pid) && !processAlive(pid))
      rmSync(join(base, name), { recursive: true, force: true });
  }
  const dir = join(base, `${SCRATCH_PREFIX}${process.pid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'README.txt'), 'Written by npm test (tests/scratch-dir.ts) and removed when it ends.\n');
  return dir;
}
