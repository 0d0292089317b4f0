/**
 * Who may see a school in the portal, and as what. A school's people hold their group only while the school's
 * contacts (the newest term's intake) list their address in their role: a headteacher replaced in the register or the
 * contacts loses the school at once, before the user pool's groups catch up. The team and the ECB see every school;
 * an AAG's members their area's; a visiting adviser or task group's chair the schools they are assigned to.
 */
import type { PortalRoles } from './people';
import { areaKeyOf } from './people';

/** What the portal knows of a school to decide who may see it: the newest term's register and contacts. */
export interface SchoolOnRecord {
  readonly urn: string;
  readonly name: string;
  readonly district: string;
  readonly trustCode?: string;
  readonly contacts: readonly { readonly role: string; readonly email: string }[];
}

/** What the person is to the school. */
export type SchoolAccess =
  | { as: 'headteacher' | 'chair of governors' | 'trust board chair' }
  | { as: 'visitor' }
  | { as: 'team' | 'area' };

const SCHOOL_ROLES = ['headteacher', 'chair of governors'] as const;

const sameAddress = (a: string, b: string | undefined) => !!b && a.trim().toLowerCase() === b.trim().toLowerCase();

/** What the person is to the school, or why they may not see it. */
export function accessToSchool(
  roles: PortalRoles,
  email: string | undefined,
  school: SchoolOnRecord | undefined,
): SchoolAccess | { refused: string } {
  if (!school) return { refused: 'There is no such school in the register the portal holds.' };
  if (roles.officer || roles.ecb) return { as: 'team' };
  if (roles.schools.has(school.urn)) {
    const role = SCHOOL_ROLES.find((r) => school.contacts.some((c) => c.role === r && sameAddress(c.email, email)));
    if (role) return { as: role };
  }
  if (school.trustCode && roles.trusts.has(school.trustCode)) {
    if (school.contacts.some((c) => c.role === 'trust board chair' && sameAddress(c.email, email)))
      return { as: 'trust board chair' };
  }
  if (roles.visits.has(school.urn)) return { as: 'visitor' };
  if (roles.areas.has(areaKeyOf(school.district))) return { as: 'area' };
  if (roles.schools.has(school.urn) || (school.trustCode && roles.trusts.has(school.trustCode)))
    return {
      refused:
        "Your address is no longer among the school's contacts: the register or the contacts changed. If you still act for the school, ask the school-improvement team to update its contacts.",
    };
  return { refused: 'You do not act for this school.' };
}

/** Whether the person may respond for the school: its headteacher, chair of governors or trust board chair. */
export const respondsFor = (access: SchoolAccess): boolean =>
  access.as === 'headteacher' || access.as === 'chair of governors' || access.as === 'trust board chair';

/** The schools the person acts for or visits, of those on record: the start page's list. */
export function schoolsOf(
  roles: PortalRoles,
  email: string | undefined,
  schools: readonly SchoolOnRecord[],
): { school: SchoolOnRecord; access: SchoolAccess }[] {
  const candidates = schools.filter(
    (s) => roles.schools.has(s.urn) || roles.visits.has(s.urn) || (s.trustCode && roles.trusts.has(s.trustCode)),
  );
  return candidates
    .map((school) => ({ school, access: accessToSchool({ ...roles, officer: false, ecb: false }, email, school) }))
    .filter((s): s is { school: SchoolOnRecord; access: SchoolAccess } => !('refused' in s.access))
    .sort((a, b) => a.school.name.localeCompare(b.school.name));
}

/**
 * Whether the person reads the school's letters, its responses on its category and its page of the term's report:
 * everyone who sees it but a visitor (a system leader from another school), as the letters are confidential to the
 * school, its governors and the authority. A visitor sees the school's responses to visit notes.
 */
export const readsLetters = (access: SchoolAccess): boolean => access.as !== 'visitor';
