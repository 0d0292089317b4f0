/**
 * What every route of the portal shares: the request's variables (the settings, the signed-in person and their roles,
 * the session's CSRF token, the posted form), the chrome around a page, and how a refusal is made.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie } from 'hono/cookie';
import { auditPortal } from '../adapters/portal-store';
import type { Person, PortalRoles } from '../core/access/people';
import type { PortalSettings } from './settings';
import type { Session } from './sign-in';
import { html, messagePage, type PageChrome } from './views/layout';

export const PENDING_COOKIE = 'portal-pending';

export interface PortalVariables {
  settings: PortalSettings;
  session: Session;
  person: Person;
  roles: PortalRoles;
  csrf: string;
  /** The posted form's fields, read once by the CSRF check. */
  form: Record<string, string>;
  /** A file posted with the form (multipart), if any. */
  upload?: { name: string; bytes: Uint8Array };
  /** Every file posted with the form (a school's response may carry several). */
  uploads?: { name: string; bytes: Uint8Array }[];
}

export type PortalEnv = { Variables: PortalVariables };

/** A request's context in any of the portal's routes. */
export type PortalContext = Context<PortalEnv, string>;

/** What every page around the person's main content shows: the authority, who is signed in, where they can go. */
export function chromeOf(
  c: { get: <K extends keyof PortalVariables>(key: K) => PortalVariables[K] },
  current?: string,
): PageChrome {
  const roles = c.get('roles');
  const navigation = [
    ...[...roles.areas.keys()].sort().map((area) => ({
      href: `/aag/${area}`,
      text: roles.areas.size > 1 ? `AAG: ${area}` : 'AAG proposals',
      current: current === `/aag/${area}`,
    })),
    ...(roles.ecb ? [{ href: '/ecb', text: 'ECB', current: current === '/ecb' }] : []),
    ...(roles.officer ? [{ href: '/officer', text: 'Term files', current: current === '/officer' }] : []),
    ...(roles.schools.size + roles.trusts.size + roles.visits.size > 0
      ? [{ href: '/schools', text: 'Your schools', current: current === '/schools' }]
      : []),
  ];
  return {
    authority: c.get('settings').authority,
    signedIn: { name: c.get('person').name, csrf: c.get('csrf') },
    navigation,
  };
}

/**
 * A refusal: said plainly, nothing written, and the attempt on the audit trail under the person's name.
 */
export async function refuse(
  c: PortalContext,
  status: 403 | 404 | 409,
  where: string,
  what: string,
  reason: string,
  term?: string,
): Promise<Response> {
  await auditPortal({ where, ...(term ? { term } : {}), person: c.get('person'), what, refused: reason });
  return c.html(
    messagePage('You cannot do that here', chromeOf(c), [
      reason,
      html`<a class="govuk-link" href="/">Go to your start page</a>`,
    ]),
    status,
  );
}

/** The fields a form posted before its session expired, kept for `path`: taken once. */
export function takePendingForm(c: PortalContext, path: string): Record<string, string> | undefined {
  const raw = getCookie(c, PENDING_COOKIE);
  if (!raw) return undefined;
  try {
    const pending = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as {
      path?: string;
      fields?: Record<string, string>;
    };
    if (pending.path !== path || !pending.fields) return undefined;
    deleteCookie(c, PENDING_COOKIE, { path: '/' });
    return pending.fields;
  } catch {
    deleteCookie(c, PENDING_COOKIE, { path: '/' });
    return undefined;
  }
}
