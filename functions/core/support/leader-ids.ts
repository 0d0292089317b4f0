/**
 * A system leader's id, as the system leaders sheet makes it and an AAG types it on its sheet: plain ASCII, so that
 * what a person types (a straight apostrophe for a curly one, an e for an ë) names the same leader, and what
 * `npm run moderate -- --check` accepts is what the run accepts.
 */

/**
 * A name's part of an id: lower case, accents and apostrophes dropped, anything else but letters and digits a hyphen.
 */
export function plainIdPart(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['\u2018\u2019\u02bc`]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** The id of a leader: designation, name and home school (or `la` for the authority's own officers). */
export function leaderId(designation: string, name: string, homeSchoolUrn: string | undefined): string {
  return [designation, name, homeSchoolUrn ?? 'LA'].map(plainIdPart).join(':');
}

/** An id as written anywhere (an AAG's sheet, a record kept by an earlier version) in the form leaderId gives. */
export const canonicalLeaderId = (id: string): string => id.split(':').map(plainIdPart).join(':');

/** Whether a typed id has the form of one: designation, name and home school, each plain. */
export const LEADER_ID_FORM = /^(nle|lle|sle|lio):[a-z0-9]+(-[a-z0-9]+)*:(\d{6,7}|la)$/;
