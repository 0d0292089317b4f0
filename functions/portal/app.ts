/**
 * The portal: one server-rendered web application for the people who decide (AAG members and chairs; more roles
 * follow), the same Hono app on Lambda (functions/handlers/portal.ts) and locally (@hono/node-server, local/portal.ts).
 * Every page needs a signed-in person (sign-in.ts); their roles come from their groups, never from the request; every
 * form carries the session's CSRF token; every page is sent with a Content-Security-Policy that allows no inline script.
 */
import { Hono } from 'hono';
import { setCookie } from 'hono/cookie';
import { secureHeaders } from 'hono/secure-headers';
import { stageLog } from '../adapters/log';
import { auditPortal } from '../adapters/portal-store';
import { decides, hasAnyRole, rolesOf } from '../core/access/people';
import { portalAssets } from './assets';
import { chromeOf, PENDING_COOKIE, type PortalEnv } from './context';
import { aagRoutes } from './routes/aag';
import { ecbRoutes } from './routes/ecb';
import { officerRoutes } from './routes/officer';
import { reportRoutes } from './routes/reports';
import { schoolRoutes } from './routes/schools';
import { type PortalSettings, portalSettings } from './settings';
import {
  cookieOptions,
  csrfMatches,
  finishSignIn,
  SignInUnavailable,
  sessionOf,
  signOut,
  startSignIn,
} from './sign-in';
import { type Html, html, messagePage, page } from './views/layout';

export function createPortal(): Hono<PortalEnv> {
  const app = new Hono<PortalEnv>();

  app.use(async (c, next) => {
    c.set('settings', portalSettings());
    c.header('Cache-Control', 'no-store');
    await next();
  });

  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        // A form posts to the portal; signing out sends the browser on to the identity provider.
        // A form posts to the portal; signing out goes on to the identity provider; an officer's upload posts straight
        // to the term files bucket.
        formAction: ["'self'", (c) => formTargets(c.get('settings') as PortalSettings | undefined)],
      },
      referrerPolicy: 'same-origin',
      strictTransportSecurity: 'max-age=31536000; includeSubDomains',
      // A route that sends its own policy keeps it (a term's report: its styles inline, no script at all).
      overwrite: false,
    }),
  );
  app.get('/assets/:file', (c) => {
    const asset = portalAssets().get(c.req.param('file'));
    if (!asset) return c.notFound();
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(asset.body, 200, { 'Content-Type': asset.type });
  });

  app.get('/sign-in', (c) => startSignIn(c, c.get('settings').signIn, c.req.query('return') ?? '/'));
  app.get('/sign-in/callback', async (c) => {
    const result = await finishSignIn(c, c.get('settings').signIn);
    if ('problem' in result)
      return c.html(
        messagePage('You are not signed in', { authority: c.get('settings').authority }, [
          result.problem,
          html`<a class="govuk-link" href="/sign-in">Sign in again</a>`,
        ]),
        401,
      );
    return c.redirect(result.returnTo, 303);
  });
  app.get('/signed-out', (c) =>
    c.html(
      messagePage('You have signed out', { authority: c.get('settings').authority }, [
        html`<a class="govuk-link" href="/sign-in">Sign in again</a>`,
      ]),
    ),
  );

  // Everything else needs a person signed in with a role; a posted form needs the session's CSRF token.
  app.use(async (c, next) => {
    const settings = c.get('settings');
    const session = await sessionOf(c, settings.signIn);
    c.set('session', session);
    const path = new URL(c.req.url).pathname;
    const posted = c.req.method === 'POST';
    const tooLarge = Number(c.req.header('content-length') ?? 0) > MAX_POSTED_BYTES;
    if (posted && tooLarge)
      return c.html(
        messagePage('The file is too large', { authority: settings.authority }, [
          `A sheet, or a response's files together, may be at most ${MAX_POSTED_BYTES / 1_000_000} MB. Nothing was saved.`,
        ]),
        413,
      );
    const { fields: form, uploads } = posted ? await readForm(c.req.raw) : { fields: {}, uploads: [] };
    c.set('form', form);
    if (uploads[0]) c.set('upload', uploads[0]);
    c.set('uploads', uploads);
    if (session.state !== 'signed in') {
      if (posted && session.state === 'expired' && csrfMatches(session.csrf, form.csrf)) {
        // Kept for the person to check and save again once signed in: nothing is lost, nothing saved unseen.
        const { csrf: _csrf, ...fields } = form;
        setCookie(
          c,
          PENDING_COOKIE,
          Buffer.from(JSON.stringify({ path, fields })).toString('base64url'),
          cookieOptions(c, 3600),
        );
      }
      if (posted && session.state === 'none')
        return c.html(
          messagePage('You are not signed in', { authority: settings.authority }, [
            'The form was not saved: it came without a session.',
            html`<a class="govuk-link" href="/sign-in?return=${encodeURIComponent(path)}">Sign in</a>`,
          ]),
          403,
        );
      return c.redirect(`/sign-in?return=${encodeURIComponent(path + (posted ? '' : new URL(c.req.url).search))}`, 303);
    }
    c.set('person', session.person);
    c.set('roles', rolesOf(session.person.groups));
    c.set('csrf', session.csrf);
    if (posted && !csrfMatches(session.csrf, form.csrf)) {
      await auditPortal({
        where: 'portal',
        person: session.person,
        what: `posted a form to ${path}`,
        refused: 'the form had no valid CSRF token',
      });
      return c.html(
        messagePage('The form could not be used', chromeOf(c), [
          'It did not come from this page of the portal in this session, so nothing was saved.',
          'Go back, reload the page and try again.',
        ]),
        403,
      );
    }
    if (!hasAnyRole(c.get('roles'))) {
      await auditPortal({
        where: 'portal',
        person: session.person,
        what: `opened ${path}`,
        refused: 'no role in the portal',
      });
      return c.html(
        messagePage('Your account has no role in the portal yet', chromeOf(c), [
          'Ask the school-improvement team to add you to your AAG area, the ECB or the team, or to your school.',
        ]),
        403,
      );
    }
    await next();
  });

  app.post('/sign-out', async (c) => {
    const session = c.get('session');
    return c.redirect(
      await signOut(c, c.get('settings').signIn, session.state === 'signed in' ? session.idToken : undefined),
      303,
    );
  });

  app.get('/', (c) => {
    const roles = c.get('roles');
    const areas = [...roles.areas].sort();
    if (!decides(roles)) return c.redirect('/schools', 303);
    const visits = roles.schools.size + roles.trusts.size + roles.visits.size > 0;
    if (areas.length === 1 && !roles.officer && !roles.ecb && !visits) return c.redirect(`/aag/${areas[0]![0]}`, 303);
    if (areas.length === 0 && roles.ecb && !roles.officer && !visits) return c.redirect('/ecb', 303);
    if (areas.length === 0 && roles.officer && !roles.ecb && !visits) return c.redirect('/officer', 303);
    const links: Html[] = [
      ...areas.map(
        ([area, role]) => html`<li><a class="govuk-link" href="/aag/${area}">AAG proposals: ${area}</a> (${role})</li>`,
      ),
      ...(roles.ecb ? [html`<li><a class="govuk-link" href="/ecb">Education Challenge Board</a></li>`] : []),
      ...(roles.officer
        ? [html`<li><a class="govuk-link" href="/officer">Term files and the intake check</a></li>`]
        : []),
      ...(visits ? [html`<li><a class="govuk-link" href="/schools">Your schools</a></li>`] : []),
    ];
    return c.html(
      page(
        'Your start page',
        chromeOf(c, '/'),
        html`<h1 class="govuk-heading-l">Your start page</h1>
${links.length > 0 ? html`<ul class="govuk-list">${links}</ul>` : ''}
`,
      ),
    );
  });

  app.route('/aag', aagRoutes());
  app.route('/ecb', ecbRoutes());
  app.route('/reports', reportRoutes());
  app.route('/officer', officerRoutes());
  app.route('/schools', schoolRoutes());

  app.notFound((c) =>
    c.html(
      messagePage('Page not found', { authority: portalSettings().authority }, [
        'If you typed the web address, check it is correct.',
        html`<a class="govuk-link" href="/">Go to your start page</a>`,
      ]),
      404,
    ),
  );
  app.onError((error, c) => {
    if (error instanceof SignInUnavailable) {
      stageLog('portal').error('sign-in unavailable', { error: error.message.slice(0, 200) });
      return c.html(
        messagePage('Sign-in is not available just now', { authority: process.env.AUTHORITY_NAME ?? '' }, [
          'The portal cannot reach the sign-in service. Nothing you saved is lost: try again in a few minutes.',
          'If it keeps happening, tell the school-improvement team the time it happened.',
        ]),
        503,
      );
    }
    stageLog('portal').error('portal request failed', { error: error.name, message: error.message.slice(0, 200) });
    return c.html(
      messagePage('Sorry, there is a problem with the portal', { authority: process.env.AUTHORITY_NAME ?? '' }, [
        'Nothing you were doing was lost if it was saved before: try again in a few minutes.',
        'If it keeps happening, tell the school-improvement team the time it happened.',
      ]),
      500,
    );
  });
  return app;
}

/** Where else a page's form may lead: the identity provider (sign-in, sign-out) and the term files bucket. */
function formTargets(settings: PortalSettings | undefined): string {
  if (!settings) return '';
  const origins = [settings.signIn.issuer, settings.signIn.signOutUrl, settings.uploadOrigin]
    .filter((u): u is string => Boolean(u))
    .map((u) => new URL(u).origin);
  return [...new Set(origins)].join(' ');
}

/** The most a form may post: a sheet of a few thousand schools is well under it. */
const MAX_POSTED_BYTES = 2_000_000;

/** A posted form's fields (urlencoded or multipart), each as text, and the files it carries, if any. */
async function readForm(
  request: Request,
): Promise<{ fields: Record<string, string>; uploads: { name: string; bytes: Uint8Array }[] }> {
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('application/x-www-form-urlencoded'))
    return {
      fields: Object.fromEntries(new URLSearchParams((await request.clone().text()).slice(0, 64 * 1024))),
      uploads: [],
    };
  if (!type.startsWith('multipart/form-data')) return { fields: {}, uploads: [] };
  const data = await request
    .clone()
    .formData()
    .catch(() => undefined);
  if (!data) return { fields: {}, uploads: [] };
  const fields: Record<string, string> = {};
  const uploads: { name: string; bytes: Uint8Array }[] = [];
  for (const [name, value] of data.entries()) {
    if (typeof value === 'string') fields[name] = value;
    else if (value.size > 0) uploads.push({ name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) });
  }
  return { fields, uploads };
}
