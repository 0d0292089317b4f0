/**
 * The school people in the portal: after each succeeded run of the cycle (an EventBridge rule on the state machine's
 * SUCCEEDED status), the portal's user pool is made to hold the newest term's contacts. Each headteacher, chair of
 * governors and trust board chair is invited (Cognito emails them), a replaced one's school group taken away. The portal
 * itself refuses a person the newest contacts no longer list, at once; this keeps the pool in step.
 */
import { z } from 'zod';
import { loadSchools, termsRun } from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { applySchoolAccess, schoolUsers } from '../adapters/school-users';
import { schoolAccessChanges, schoolPeopleOf } from '../core/access/school-people';

const environment = z.object({ PORTAL_USER_POOL_ID: z.string().min(1) });

export async function handler(
  _event: unknown,
  context?: unknown,
): Promise<{ term?: string; people: number; invited: number; added: number; removed: number }> {
  const { PORTAL_USER_POOL_ID: pool } = environment.parse(process.env);
  const term = (await termsRun()).at(-1);
  const log = stageLog('school-users', term ? { term } : {}, context);
  if (!term) {
    log.info('no term has run: no school people yet');
    return { people: 0, invited: 0, added: 0, removed: 0 };
  }
  const wanted = schoolPeopleOf(await loadSchools(term));
  const users = await schoolUsers(pool);
  const done = await applySchoolAccess(pool, users, schoolAccessChanges(users, wanted));
  // Counts only: no one's name or address in the log.
  log.info('school people in the user pool', { people: wanted.length, ...done });
  return { term, people: wanted.length, ...done };
}
