/**
 * The people in the portal's groups, with their names and addresses: on AWS the Cognito user pool's members of a group
 * (ListUsersInGroup, enabled users only); locally the example people the local identity provider signs in
 * (LOCAL_PORTAL_PEOPLE, a JSON list the local run sets).
 */
import {
  CognitoIdentityProviderClient,
  ListUsersInGroupCommand,
  type UserType,
} from '@aws-sdk/client-cognito-identity-provider';
import { z } from 'zod';

export interface PortalPerson {
  readonly name: string;
  readonly email: string;
  /** Of the groups asked about, those the person is in. */
  readonly groups: readonly string[];
}

const localPeopleSchema = z.array(z.object({ name: z.string().min(1), email: z.email(), groups: z.array(z.string()) }));

let client: CognitoIdentityProviderClient | undefined;
export function resetPortalPeopleClient(): void {
  client = undefined;
}

const attribute = (user: UserType, name: string) => user.Attributes?.find((a) => a.Name === name)?.Value;

/** The enabled members of a Cognito group who have an address, each once. */
async function groupMembers(userPoolId: string, group: string): Promise<{ name: string; email: string }[]> {
  client ??= new CognitoIdentityProviderClient({});
  const members: { name: string; email: string }[] = [];
  let NextToken: string | undefined;
  do {
    const page = await client.send(
      new ListUsersInGroupCommand({ UserPoolId: userPoolId, GroupName: group, Limit: 60, NextToken }),
    );
    for (const user of page.Users ?? []) {
      const email = attribute(user, 'email');
      if (!user.Enabled || !email) continue;
      members.push({ name: attribute(user, 'name') ?? attribute(user, 'given_name') ?? email, email });
    }
    NextToken = page.NextToken;
  } while (NextToken);
  return members;
}

/** Everyone in any of these groups, once each (by address), with the groups they are in. */
export async function peopleInGroups(
  groups: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<PortalPerson[]> {
  const byEmail = new Map<string, { name: string; email: string; groups: string[] }>();
  const add = (person: { name: string; email: string }, group: string) => {
    const key = person.email.toLowerCase();
    const known = byEmail.get(key) ?? { ...person, groups: [] };
    if (!known.groups.includes(group)) known.groups.push(group);
    byEmail.set(key, known);
  };
  if (env.LOCAL_PORTAL_PEOPLE !== undefined) {
    for (const person of localPeopleSchema.parse(JSON.parse(env.LOCAL_PORTAL_PEOPLE)))
      for (const group of groups) if (person.groups.includes(group)) add(person, group);
  } else {
    const userPoolId = env.PORTAL_USER_POOL_ID;
    if (!userPoolId) throw new Error('PORTAL_USER_POOL_ID is not set: the function does not know the user pool');
    for (const group of groups) for (const member of await groupMembers(userPoolId, group)) add(member, group);
  }
  return [...byEmail.values()];
}
