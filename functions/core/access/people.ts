/**
 * Who a signed-in person is to the portal, and what they may see and do. Roles come from the groups their identity
 * provider puts them in (Cognito's user pool groups, or the authority's own provider's through it), never from what a
 * request asks for: `officer` (the school-improvement team), `ecb` (the Education Challenge Board), and for each AAG
 * area `aag:<area key>` (a member) and `aag-chair:<area key>` (its chair, who submits the area's decisions). An area's
 * key is a safe form of its name (areaKeyOf), as the proposals sheets are named: real districts' names hold
 * apostrophes, commas and ampersands, which no group name or IAM tag should carry. A school's people are in
 * `school:<URN>` (its headteacher and chair of governors) or `trust:<trust code>` (a trust board's chair), and hold
 * them only while the school's contacts list them (core/access/schools.ts); a task group's chair and a visiting adviser
 * are in `visitor:<URN>` for each school they are assigned to.
 */
import { slugOf } from '../assessment/moderation';

export interface Person {
  /** The identity provider's subject: stable, never shown. */
  readonly id: string;
  /** The name the person is shown and recorded by. */
  readonly name: string;
  readonly email?: string;
  readonly groups: readonly string[];
}

export type AagRole = 'member' | 'chair';

export interface PortalRoles {
  readonly officer: boolean;
  readonly ecb: boolean;
  /** The AAG areas the person belongs to, by area key, as member or chair. */
  readonly areas: ReadonlyMap<string, AagRole>;
  /** The schools whose headteacher or chair of governors the person is (by their groups), by URN. */
  readonly schools: ReadonlySet<string>;
  /** The trusts whose board the person chairs, by the trust's code. */
  readonly trusts: ReadonlySet<string>;
  /** The schools the person visits or chairs the task group of, by URN. */
  readonly visits: ReadonlySet<string>;
}

export const OFFICER_GROUP = 'officer';
export const ECB_GROUP = 'ecb';
const MEMBER_PREFIX = 'aag:';
const CHAIR_PREFIX = 'aag-chair:';
const SCHOOL_PREFIX = 'school:';
const TRUST_PREFIX = 'trust:';
const VISITOR_PREFIX = 'visitor:';

export const schoolGroup = (urn: string): string => `${SCHOOL_PREFIX}${urn}`;
export const trustGroup = (trustCode: string): string => `${TRUST_PREFIX}${trustCode}`;
export const visitorGroup = (urn: string): string => `${VISITOR_PREFIX}${urn}`;

/** The safe key of an AAG area (a district), as its group and its proposals sheet are named. */
export const areaKeyOf = (district: string): string => slugOf(district);

export const aagMemberGroup = (areaKey: string): string => `${MEMBER_PREFIX}${areaKey}`;
export const aagChairGroup = (areaKey: string): string => `${CHAIR_PREFIX}${areaKey}`;

/** The person's roles from their groups; a group the portal does not know gives none. */
export function rolesOf(groups: readonly string[]): PortalRoles {
  const areas = new Map<string, AagRole>();
  const named = (prefix: string) =>
    new Set(groups.filter((g) => g.startsWith(prefix) && g.length > prefix.length).map((g) => g.slice(prefix.length)));
  for (const group of groups) {
    if (group.startsWith(CHAIR_PREFIX)) areas.set(group.slice(CHAIR_PREFIX.length), 'chair');
    else if (group.startsWith(MEMBER_PREFIX)) {
      const key = group.slice(MEMBER_PREFIX.length);
      if (!areas.has(key)) areas.set(key, 'member');
    }
  }
  return {
    officer: groups.includes(OFFICER_GROUP),
    ecb: groups.includes(ECB_GROUP),
    areas,
    schools: named(SCHOOL_PREFIX),
    trusts: named(TRUST_PREFIX),
    visits: named(VISITOR_PREFIX),
  };
}

/** Why the person may not act for an AAG area (read its proposals, save a draft), or undefined if they may. */
export function refusalForArea(roles: PortalRoles, areaKey: string): string | undefined {
  return roles.areas.has(areaKey) ? undefined : 'You are not a member of this AAG area.';
}

/** Why the person may not submit an AAG area's decisions, or undefined if they may: only its chair submits. */
export function refusalToSubmit(roles: PortalRoles, areaKey: string): string | undefined {
  const role = roles.areas.get(areaKey);
  if (!role) return 'You are not a member of this AAG area.';
  return role === 'chair' ? undefined : "Only the AAG's chair submits its decisions.";
}

/** Whether the person has any role in the portal at all. */
export const hasAnyRole = (roles: PortalRoles): boolean =>
  roles.officer ||
  roles.ecb ||
  roles.areas.size > 0 ||
  roles.schools.size > 0 ||
  roles.trusts.size > 0 ||
  roles.visits.size > 0;

/** Whether the person has a role for the people who decide (the team, the ECB, an AAG), not only a school's. */
export const decides = (roles: PortalRoles): boolean => roles.officer || roles.ecb || roles.areas.size > 0;

/** The files of a term's reports the portal serves: the board report, an area's, a school's page, a trust's. */
const REPORT_FILE =
  /^(report\.html|aag\/[a-z0-9-]+\.html|schools\/\d{5,7}\.html|trusts\/[a-z0-9-]+\.html|ecb\/warning-notices\.csv)$/;

/**
 * Why the person may not read a file of a term's reports, or undefined if they may: the ECB and the team read every
 * one; an AAG member their own area's report and its schools' pages (`districtOf` gives a school's area key).
 */
export function refusalForReport(
  roles: PortalRoles,
  file: string,
  areaKeyOfSchool: (urn: string) => string | undefined,
): string | undefined {
  if (!REPORT_FILE.test(file)) return 'There is no such report.';
  if (roles.ecb || roles.officer) return undefined;
  // Stryker disable next-line Regex: the file has matched REPORT_FILE whole, so its anchors are already held
  const area = /^aag\/([a-z0-9-]+)\.html$/.exec(file)?.[1];
  if (area) return roles.areas.has(area) ? undefined : 'You are not a member of this AAG area.';
  // Stryker disable next-line Regex: the file has matched REPORT_FILE whole, so its anchors are already held
  const urn = /^schools\/(\d+)\.html$/.exec(file)?.[1];
  if (urn) {
    const own = areaKeyOfSchool(urn);
    return own && roles.areas.has(own) ? undefined : 'The school is not in your AAG area.';
  }
  return 'Only the ECB and the school-improvement team read this report.';
}

/**
 * The session policy the portal's writes for one AAG area are made under (STS AssumeRole on the portal's area writer
 * role): PutItem only on items whose partition key is the area's own (its district's name, as the decisions are
 * keyed, or its area key, as the drafts are), so that IAM, not only the portal's code, keeps an area's writes to its
 * own items. The role's own policy limits them to the two tables; a session's rights are both at once. KMS for the
 * tables' key, which the role's policy names.
 */
export function areaWritePolicy(district: string, areaKey: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Action: ['dynamodb:PutItem'],
        Resource: '*',
        Condition: { 'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': [district, areaKey] } },
      },
      {
        Effect: 'Allow',
        Action: ['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
        Resource: '*',
      },
    ],
  });
}
