/**
 * The school people in the portal's Cognito user pool: who is in each `school:<URN>` and `trust:<code>` group now, and
 * the changes that make the pool hold the newest term's contacts (core/access/school-people.ts). A person is invited
 * with AdminCreateUser (Cognito emails them a temporary password; the pool asks for MFA at their first sign-in); no one
 * registers themselves. A replaced headteacher's school group is taken away; their user stays, for any other role.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminRemoveUserFromGroupCommand,
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  ListGroupsCommand,
  ListUsersInGroupCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import type { InvitedPerson, schoolAccessChanges } from '../core/access/school-people';

let client: CognitoIdentityProviderClient | undefined;
const cognito = () => (client ??= new CognitoIdentityProviderClient({}));
export function resetSchoolUsersClient(): void {
  client = undefined;
}

/** A user of the pool in the school and trust groups, by their address, with their user name. */
export interface SchoolUser {
  email: string;
  username: string;
  groups: string[];
}

const SCHOOL_GROUP = /^(school|trust):/;

/** Every group of the pool whose name is a school's or a trust's. */
async function schoolGroups(userPoolId: string): Promise<string[]> {
  const groups: string[] = [];
  let NextToken: string | undefined;
  do {
    const page = await cognito().send(new ListGroupsCommand({ UserPoolId: userPoolId, Limit: 60, NextToken }));
    for (const g of page.Groups ?? []) if (g.GroupName && SCHOOL_GROUP.test(g.GroupName)) groups.push(g.GroupName);
    NextToken = page.NextToken;
  } while (NextToken);
  return groups;
}

/** The users in the pool's school and trust groups now, with the groups they are in. */
export async function schoolUsers(userPoolId: string): Promise<SchoolUser[]> {
  const byEmail = new Map<string, SchoolUser>();
  for (const group of await schoolGroups(userPoolId)) {
    let NextToken: string | undefined;
    do {
      const page = await cognito().send(
        new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: group, Limit: 60, NextToken }),
      );
      for (const user of page.Users ?? []) {
        const email = user.Attributes?.find((a) => a.Name === 'email')?.Value?.toLowerCase();
        if (!email || !user.Username) continue;
        const known = byEmail.get(email) ?? { email, username: user.Username, groups: [] };
        known.groups.push(group);
        byEmail.set(email, known);
      }
      NextToken = page.NextToken;
    } while (NextToken);
  }
  return [...byEmail.values()];
}

const named = (error: unknown, name: string) => (error as { name?: string } | undefined)?.name === name;

/** Makes the pool hold the changes: groups made as needed, people invited, groups added and taken away. */
export async function applySchoolAccess(
  userPoolId: string,
  users: readonly SchoolUser[],
  changes: ReturnType<typeof schoolAccessChanges>,
): Promise<{ invited: number; added: number; removed: number }> {
  const usernames = new Map(users.map((u) => [u.email, u.username]));
  const made = new Set(await schoolGroups(userPoolId));
  const ensureGroup = async (group: string) => {
    if (made.has(group)) return;
    try {
      await cognito().send(
        new CreateGroupCommand({
          UserPoolId: userPoolId,
          GroupName: group,
          Description: group.startsWith('school:')
            ? "A school's headteacher and chair of governors"
            : "A trust's board chair",
        }),
      );
    } catch (error) {
      if (!named(error, 'GroupExistsException')) throw error;
    }
    made.add(group);
  };
  const addTo = async (username: string, group: string) => {
    await ensureGroup(group);
    await cognito().send(
      new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: username, GroupName: group }),
    );
  };
  const invite = async (person: InvitedPerson) => {
    try {
      await cognito().send(
        new AdminCreateUserCommand({
          UserPoolId: userPoolId,
          Username: person.email,
          UserAttributes: [
            { Name: 'email', Value: person.email },
            { Name: 'email_verified', Value: 'true' },
            { Name: 'name', Value: person.name },
          ],
          DesiredDeliveryMediums: ['EMAIL'],
        }),
      );
    } catch (error) {
      // A user already (an AAG member who is also a headteacher, say): given the groups, not invited again.
      if (!named(error, 'UsernameExistsException')) throw error;
    }
    for (const group of person.groups) await addTo(person.email, group);
  };
  for (const person of changes.invite) await invite(person);
  for (const { email, group } of changes.add) await addTo(usernames.get(email) ?? email, group);
  for (const { email, group } of changes.remove)
    await cognito().send(
      new AdminRemoveUserFromGroupCommand({
        UserPoolId: userPoolId,
        Username: usernames.get(email) ?? email,
        GroupName: group,
      }),
    );
  return { invited: changes.invite.length, added: changes.add.length, removed: changes.remove.length };
}
