/**
 * The school people the portal's user pool holds, from the contacts the intake holds: each school's headteacher and
 * chair of governors in `school:<URN>`, each academy trust's board chair in `trust:<trust code>`. A person is one user
 * by their address, whatever schools they act for. When the register or the contacts change (a new headteacher), the
 * old one's groups go and the new one is invited: nobody registers themselves. The visiting advisers and task groups'
 * chairs are put in `visitor:<URN>` groups by the team, as they are assigned; locally, from the task groups' chairs.
 */

import { plainIdPart } from '../support/leader-ids';
import { schoolGroup, trustGroup, visitorGroup } from './people';

export interface InvitedPerson {
  /** Their address, as the user pool's user name and the contacts give it (lower case). */
  email: string;
  name: string;
  groups: string[];
  /** What they are, in words, for the run's printout. */
  role: string;
}

export interface SchoolWithContacts {
  readonly urn: string;
  readonly name: string;
  readonly trustCode?: string;
  readonly trustName?: string;
  readonly contacts: readonly { readonly role: string; readonly name: string; readonly email: string }[];
}

/** The school people who should hold the portal's school and trust groups now, from the newest term's contacts. */
export function schoolPeopleOf(schools: readonly SchoolWithContacts[]): InvitedPerson[] {
  const people = new Map<string, InvitedPerson>();
  const add = (email: string, name: string, group: string, role: string) => {
    const key = email.trim().toLowerCase();
    if (!key) return;
    const person = people.get(key) ?? { email: key, name, groups: [], role };
    if (!person.groups.includes(group)) person.groups.push(group);
    people.set(key, person);
  };
  for (const school of [...schools].sort((a, b) => a.urn.localeCompare(b.urn)))
    for (const contact of school.contacts) {
      if (contact.role === 'headteacher' || contact.role === 'chair of governors')
        add(contact.email, contact.name, schoolGroup(school.urn), `${contact.role} of ${school.name}`);
      else if (contact.role === 'trust board chair' && school.trustCode)
        add(
          contact.email,
          contact.name,
          trustGroup(school.trustCode),
          `trust board chair of ${school.trustName ?? school.trustCode}`,
        );
    }
  return [...people.values()];
}

const SCHOOL_GROUP = /^(school|trust):/;

/**
 * What to change in the user pool so that it holds `wanted`: people to invite (no user yet), groups to add, and the
 * school and trust groups to take away (a replaced headteacher's). Other groups (AAG, ECB, team, visitor) are left.
 */
export function schoolAccessChanges(
  current: readonly { email: string; groups: readonly string[] }[],
  wanted: readonly InvitedPerson[],
): {
  invite: InvitedPerson[];
  add: { email: string; group: string }[];
  remove: { email: string; group: string }[];
} {
  const now = new Map(current.map((u) => [u.email.trim().toLowerCase(), u.groups]));
  const wantedBy = new Map(wanted.map((p) => [p.email, p]));
  const invite: InvitedPerson[] = [];
  const add: { email: string; group: string }[] = [];
  const remove: { email: string; group: string }[] = [];
  for (const person of wanted) {
    const groups = now.get(person.email);
    if (!groups) {
      invite.push(person);
      continue;
    }
    for (const group of person.groups) if (!groups.includes(group)) add.push({ email: person.email, group });
  }
  for (const [email, groups] of now) {
    const keep = wantedBy.get(email)?.groups ?? [];
    for (const group of groups) if (SCHOOL_GROUP.test(group) && !keep.includes(group)) remove.push({ email, group });
  }
  return { invite, add, remove };
}

/**
 * The example visitors locally: each task group's chair, in `visitor:<URN>` for each school whose group they chair (on
 * AWS the team assigns them). Their user name is their name, as a slug.
 */
export function exampleVisitors(
  taskGroups: readonly { urn: string; chair?: { name: string; designation: string } }[],
): (Omit<InvitedPerson, 'email'> & { username: string })[] {
  const byChair = new Map<string, Omit<InvitedPerson, 'email'> & { username: string }>();
  for (const group of [...taskGroups].sort((a, b) => a.urn.localeCompare(b.urn))) {
    if (!group.chair) continue;
    const username = plainIdPart(group.chair.name);
    const person = byChair.get(username) ?? {
      username,
      name: group.chair.name,
      groups: [],
      role: `visiting adviser and task group chair (${group.chair.designation})`,
    };
    person.groups.push(visitorGroup(group.urn));
    byChair.set(username, person);
  }
  return [...byChair.values()];
}
