/**
 * A person's data, as UK GDPR asks an authority to find it (a subject access request) and to erase it (the right to
 * erasure): where an email address, and the names on file with it, appear in what the cycle holds, and what erasure
 * does with each place. Erasure removes the person's rows from input files and contacts from the store, masks the
 * address and names in reports, and deletes letters not sent and copies of letters sent; it keeps, saying why, only
 * what the law requires or what is no longer the person's data in clear: a statutory warning notice as it was given,
 * and the record that a letter went (which holds a one-way hash of the address, never the address). Pure: what each
 * place holds in, what is found and what to do with it out; the reading and writing are the caller's.
 */
import { parseCsvRows, toCsv } from '../csv';

/** Who is asked about: the address, and the names the cycle's records give with it. */
export interface Person {
  readonly email: string;
  readonly names: readonly string[];
}

/** The one-way hash of an address that the sent-emails records hold in place of it. */
export { addressHash } from '../letters/letters';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Each needle as it may appear in a file: the address, its HTML-escaped form, and each name (as typed, and
 * HTML-escaped).
 */
function patterns(person: Person): RegExp[] {
  const html = (t: string) => t.replace(/&/g, '&amp;').replace(/'/g, '&#39;');
  const needles = [person.email, ...person.names.filter((n) => n.trim().length >= 3)];
  return [...new Set(needles.flatMap((n) => [n, html(n)]))].map((n) => new RegExp(escapeRegExp(n), 'giu'));
}

/** How many times the person's address or names appear in a text. */
export function occurrences(text: string, person: Person): number {
  return patterns(person).reduce((n, p) => n + (text.match(p)?.length ?? 0), 0);
}

export const ERASED = '[erased]';

/** The text with the person's address and names replaced by "[erased]". */
export function maskText(text: string, person: Person): string {
  return patterns(person).reduce((t, p) => t.replace(p, ERASED), text);
}

/** A CSV with every row that holds the person's address taken out (its header, and its byte-order mark, kept). */
export function withoutRowsOf(csv: string, person: Person): { text: string; removed: number } {
  const bom = csv.startsWith('\ufeff') ? '\ufeff' : '';
  const rows = parseCsvRows(csv.slice(bom.length)).map((r) => r.cells);
  const [header = [], ...body] = rows;
  const email = person.email.toLowerCase();
  const kept = body.filter((row) => !row.some((cell) => cell.trim().toLowerCase() === email));
  return { text: bom + toCsv(header, kept), removed: body.length - kept.length };
}

/** A sheet's rows (the first its header) without those that hold the person's address. */
export function rowsWithout(rows: readonly string[][], person: Person): { rows: string[][]; removed: number } {
  const [header = [], ...body] = rows;
  const email = person.email.toLowerCase();
  const kept = body.filter((row) => !row.some((cell) => cell.trim().toLowerCase() === email));
  return { rows: [header, ...kept], removed: body.length - kept.length };
}

/**
 * A MIME message as a reader sees it: its headers (encoded words decoded) and its bodies (base64 or quoted-printable
 * decoded).
 */
export function readableEmail(eml: string): string {
  const decodeWords = (text: string) =>
    text.replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_, _charset: string, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : Buffer.from(
            data
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
  const parts = eml.split(/\r?\n--[^\r\n]+\r?\n/);
  return parts
    .map((part) => {
      const split = part.search(/\r?\n\r?\n/);
      if (split < 0) return decodeWords(part);
      const headers = part.slice(0, split);
      const body = part.slice(split).trim();
      if (/Content-Transfer-Encoding:\s*base64/i.test(headers))
        return `${decodeWords(headers)}\n${Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')}`;
      if (/Content-Transfer-Encoding:\s*quoted-printable/i.test(headers))
        return `${decodeWords(headers)}\n${Buffer.from(
          body
            .replace(/=\r?\n/g, '')
            .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
          'latin1',
        ).toString('utf8')}`;
      return `${decodeWords(headers)}\n${body}`;
    })
    .join('\n');
}

/**
 * What a place is: a file (by its path within its holding: inputs, archive, reports, working copies) or a table's item.
 */
export type Place =
  | {
      readonly kind: 'file';
      readonly holding: 'inputs' | 'archive' | 'reports' | 'records' | 'working copies';
      readonly path: string;
    }
  | { readonly kind: 'item'; readonly table: string; readonly key: Readonly<Record<string, string>> };

/** What erasure does with a place, and why. */
export interface Erasure {
  readonly action: 'remove rows' | 'remove contact' | 'mask' | 'delete' | 'keep';
  readonly why: string;
}

export const KEPT_NOTICE =
  'a formal warning notice (section 60 of the Education and Inspections Act 2006) as it was given: the statutory record of the notice, kept for as long as the authority keeps its records of intervention';
export const KEPT_RESPONSE_FILE =
  "a file a school gave with its response to its category or a visit note: part of the school's representation, kept with it for the AAG's answer";
export const KEPT_ERASURE_RECORD =
  'the record of an erasure (when, by whom, what was erased and what kept), under the hash of the address, never the address: kept on the audit trail as every decision is';
export const KEPT_SENT_RECORD =
  'the record that a letter went to this address, which holds a one-way hash of the address and never the address: kept so that no rerun writes to the person again, and so the authority can show a statutory letter was sent';

/** What erasure does with a place that holds the person's data. */
export function erasureOf(
  place: Place,
  found: { readonly inContacts?: boolean; readonly byHashOnly?: boolean },
): Erasure {
  if (place.kind === 'item') {
    if (place.table === 'auditTrail' && found.byHashOnly) return { action: 'keep', why: KEPT_ERASURE_RECORD };
    if (found.byHashOnly) return { action: 'keep', why: KEPT_SENT_RECORD };
    if (found.inContacts)
      return {
        action: 'remove contact',
        why: "a contact the cycle keeps for the term: taken out of the school's record (a letter to that role waits for a new contact)",
      };
    return { action: 'mask', why: 'the address or name in a record: replaced by [erased]' };
  }
  // The records: each warning notice as SES took it (records/<term>/warning-notices/), kept; every other letter as SES
  // took it (records/<term>/letters/), a copy like the reports'; the files a school gave with its response.
  if (place.holding === 'records') {
    if (/(^|\/)letters\//.test(place.path))
      return {
        action: 'delete',
        why: "a copy of a letter sent, kept for the school to read in the portal (the reader has it; the authority's record is that it went): deleted",
      };
    if (/(^|\/)responses\//.test(place.path)) return { action: 'keep', why: KEPT_RESPONSE_FILE };
    return { action: 'keep', why: KEPT_NOTICE };
  }
  if (place.path.endsWith('.eml')) {
    return {
      action: 'delete',
      why: /held-letters\/|\/letters\//.test(place.path)
        ? 'a letter written and not sent: deleted (a rerun writes it again to the contacts as they are then)'
        : "a copy of a letter sent (the reader has it; the authority's record is that it went): deleted",
    };
  }
  if ((place.holding === 'inputs' || place.holding === 'archive') && /\.(csv|xlsx)$/i.test(place.path))
    return {
      action: 'remove rows',
      why:
        place.holding === 'inputs'
          ? 'an input file: the rows that hold the address taken out'
          : 'an archived input file (the record of what a run read): the rows that hold the address taken out, the rest kept as it was',
    };
  return { action: 'mask', why: 'the address or name in a report or working file: replaced by [erased]' };
}
