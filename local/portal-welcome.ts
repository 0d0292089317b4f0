/** What npm run cycle -- --portal and npm run portal print: where the portal is, and whom to sign in as. */
import type { ExamplePerson } from './identity-provider';
import type { RunningPortal } from './portal';

export function portalWelcome(portal: Pick<RunningPortal, 'origin' | 'identityProvider' | 'people'>): string {
  const first = (role: string) => portal.people.find((p) => p.role.endsWith(role));
  const shown = [first('AAG chair'), first('AAG member'), first('ECB member'), first('school-improvement officer')];
  const areas = portal.people.filter((p) => p.role.endsWith('AAG chair')).map((p) => p.username.replace(/-chair$/, ''));
  return [
    `\n  The portal: ${portal.origin} (sign in through the local identity provider at ${portal.identityProvider.issuer})`,
    `  Example people (password for each: ${shown[0]?.password ?? ''}):`,
    ...shown.flatMap((p) => (p ? [`    ${p.username.padEnd(22)} ${p.name}, ${p.role}`] : [])),
    `    Each AAG area has <area>-chair and <area>-member: ${areas.join(', ')} (cdk.json portal.aagAreas).`,
  ].join('\n');
}

/**
 * What the run prints once a term has run with --portal: a headteacher and a visiting adviser among the school people
 * invited from the term's contacts and task groups, of the same school, so the two can be tried side by side.
 */
export function schoolPeopleWelcome(people: readonly ExamplePerson[], term: string): string | undefined {
  const adviser = people.find((p) => p.groups.some((g) => g.startsWith('visitor:')));
  const visited = new Set(adviser?.groups.map((g) => g.replace(/^visitor:/, 'school:')) ?? []);
  const head =
    people.find((p) => p.role.startsWith('headteacher') && p.groups.some((g) => visited.has(g))) ??
    people.find((p) => p.role.startsWith('headteacher'));
  if (!head && !adviser) return undefined;
  const schools = people.filter((p) => p.groups.some((g) => g.startsWith('school:'))).length;
  return [
    `  School people, invited from ${term}'s contacts and task groups (password for each: ${(head ?? adviser)!.password}):`,
    ...(head ? [`    ${head.username}  ${head.name}, ${head.role}`] : []),
    ...(adviser
      ? [
          `    ${adviser.username.padEnd(22)} ${adviser.name}, ${adviser.role}, for ${adviser.groups.length} ${adviser.groups.length === 1 ? 'school' : 'schools'}`,
        ]
      : []),
    `    Every headteacher, chair of governors and trust board chair in the contacts signs in by their address (${schools} people).`,
  ].join('\n');
}
