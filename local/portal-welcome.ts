/** What npm run cycle -- --portal and npm run portal print: where the portal is, and whom to sign in as. */
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
