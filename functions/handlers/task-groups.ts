/** Task-group monitoring: a group, chaired by a system leader, for every supported school. */

import {
  loadEvidence,
  loadSchools,
  loadSupport,
  loadSystemLeaders,
  loadTaskGroups,
  saveTaskGroups,
} from '../adapters/cycle-store';
import { stageLog } from '../adapters/log';
import { openTaskGroups } from '../core/support/task-groups';
import { previousTerm } from '../core/term';
import { parseInput, stageInput } from './inputs';

export async function handler(event: unknown, context?: unknown) {
  const { term, executionId } = parseInput(stageInput, event, 'task groups');
  const [schools, support, systemLeaders, evidence, lastTerm] = await Promise.all([
    loadSchools(term),
    loadSupport(term),
    loadSystemLeaders(term),
    loadEvidence(term, { kinds: ['task-group-report'] }),
    loadTaskGroups(previousTerm(term)),
  ]);
  const groups = openTaskGroups({
    term,
    schools,
    support,
    systemLeaders,
    reports: evidence.taskGroupReports,
    existingGroups: new Set(lastTerm.map((g) => g.urn)),
    previousChairs: new Map(lastTerm.flatMap((g) => (g.chair ? [[g.urn, g.chair.id] as const] : []))),
  });
  await saveTaskGroups(term, groups);
  const result = {
    taskGroups: groups.length,
    continued: groups.filter((g) => g.status === 'continued').length,
    needsChair: groups.filter((g) => g.needsChair).length,
  };
  stageLog('task groups', { term, executionId }, context).info('task groups opened', { ...result });
  return result;
}
