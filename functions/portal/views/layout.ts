/**
 * The portal's page template and the GOV.UK Design System components it uses, as server-rendered HTML: every page
 * works without JavaScript, which only enhances (govuk-frontend's own, loaded as a module from /assets). A local
 * authority is not GOV.UK: no crown, and the GDS Transport typeface is left out of the stylesheet (assets.ts).
 */
import { Html, html } from '../../core/html';

export interface NavigationLink {
  href: string;
  text: string;
  current?: boolean;
}

export interface PageChrome {
  authority: string;
  /** The signed-in person's name, with the sign-out form, or none on the pages before sign-in. */
  signedIn?: { name: string; csrf: string };
  navigation?: readonly NavigationLink[];
  /** Links back a level, above the heading. */
  back?: { href: string; text: string };
}

export const SERVICE_NAME = 'School improvement portal';

export function page(title: string, chrome: PageChrome, main: Html, options: { errors?: boolean } = {}): string {
  const fullTitle = `${options.errors ? 'Error: ' : ''}${title} – ${SERVICE_NAME} – ${chrome.authority}`;
  return `<!DOCTYPE html>${
    html`<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8">
<title>${fullTitle}</title>
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex, nofollow">
<link rel="stylesheet" href="/assets/portal.css">
<script type="module" src="/assets/portal.js"></script>
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link" data-module="govuk-skip-link">Skip to main content</a>
<section aria-label="Service information" class="govuk-service-navigation" data-module="govuk-service-navigation">
  <div class="govuk-width-container">
    <div class="govuk-service-navigation__container">
      <span class="govuk-service-navigation__service-name">
        <a href="/" class="govuk-service-navigation__link">${chrome.authority}: ${SERVICE_NAME.toLowerCase()}</a>
      </span>
      ${navigation(chrome)}
    </div>
  </div>
</section>
<div class="govuk-width-container">
  ${chrome.signedIn ? html`<p class="govuk-body-s portal-signed-in">Signed in as ${chrome.signedIn.name}</p>` : ''}
  ${chrome.back ? html`<a href="${chrome.back.href}" class="govuk-back-link">${chrome.back.text}</a>` : ''}
  <main class="govuk-main-wrapper" id="main-content">
${main}
  </main>
</div>
<footer class="govuk-footer">
  <div class="govuk-width-container">
    <div class="govuk-footer__meta">
      <div class="govuk-footer__meta-item govuk-footer__meta-item--grow">
        <p class="govuk-body-s">${chrome.authority}: the termly school-improvement cycle. Every action here is recorded under your name.</p>
      </div>
    </div>
  </div>
</footer>
</body>
</html>`.value
  }`;
}

function navigation(chrome: PageChrome): Html {
  const links = chrome.navigation ?? [];
  if (links.length === 0 && !chrome.signedIn) return html``;
  return html`<nav aria-label="Menu" class="govuk-service-navigation__wrapper">
        <ul class="govuk-service-navigation__list" id="navigation">
          ${links.map(
            (l) =>
              html`<li class="govuk-service-navigation__item${l.current ? ' govuk-service-navigation__item--active' : ''}"><a class="govuk-service-navigation__link" href="${l.href}"${l.current ? html` aria-current="page"` : ''}>${l.text}</a></li>`,
          )}
          ${
            chrome.signedIn
              ? html`<li class="govuk-service-navigation__item"><form method="post" action="/sign-out" class="portal-inline-form">${csrfField(chrome.signedIn.csrf)}<button type="submit" class="govuk-service-navigation__link portal-link-button">Sign out</button></form></li>`
              : ''
          }
        </ul>
      </nav>`;
}

/** A GOV.UK error summary, each problem linked to its field. */
export function errorSummary(problems: readonly { field: string; message: string }[]): Html {
  if (problems.length === 0) return html``;
  return html`<div class="govuk-error-summary" data-module="govuk-error-summary">
  <div role="alert">
    <h2 class="govuk-error-summary__title">There is a problem</h2>
    <div class="govuk-error-summary__body">
      <ul class="govuk-list govuk-error-summary__list">
        ${problems.map((p) => html`<li><a href="#${p.field}">${p.message}</a></li>`)}
      </ul>
    </div>
  </div>
</div>`;
}

/** A success or important banner at the top of a page. */
export function banner(kind: 'success' | 'important', heading: string, body?: Html | string): Html {
  return html`<div class="govuk-notification-banner${kind === 'success' ? ' govuk-notification-banner--success' : ''}" role="${kind === 'success' ? 'alert' : 'region'}" aria-labelledby="banner-title" data-module="govuk-notification-banner">
  <div class="govuk-notification-banner__header">
    <h2 class="govuk-notification-banner__title" id="banner-title">${kind === 'success' ? 'Success' : 'Important'}</h2>
  </div>
  <div class="govuk-notification-banner__content">
    <p class="govuk-notification-banner__heading">${heading}</p>
    ${body ? html`<p class="govuk-body">${body}</p>` : ''}
  </div>
</div>`;
}

export function tag(text: string, colour?: 'red' | 'green' | 'yellow' | 'grey' | 'blue' | 'orange'): Html {
  return html`<strong class="govuk-tag${colour ? ` govuk-tag--${colour}` : ''}">${text}</strong>`;
}

export function summaryList(rows: readonly [string, Html | string][]): Html {
  return html`<dl class="govuk-summary-list">
  ${rows.map(
    ([key, value]) =>
      html`<div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">${key}</dt><dd class="govuk-summary-list__value">${value}</dd></div>`,
  )}
</dl>`;
}

/** The hidden field every form carries: the session's CSRF token. */
export const csrfField = (csrf: string): Html => html`<input type="hidden" name="csrf" value="${csrf}">`;

/** A page that says plainly why something was refused, or what went wrong and what to do. */
export function messagePage(title: string, chrome: PageChrome, lines: readonly (string | Html)[]): string {
  return page(
    title,
    chrome,
    html`<h1 class="govuk-heading-l">${title}</h1>
${lines.map((l) => html`<p class="govuk-body">${l}</p>`)}`,
  );
}

export { Html, html };
