/**
 * What the portal reads and writes for a school's people and its visitors: the school as the newest term's register
 * and contacts hold it, its category term by term, the letters sent to it as they were sent (records/<term>/), its
 * responses (the school-responses table, with their files under records/<term>/responses/), and the visit notes and
 * task-group reports written in the portal (the visit-records table), which the next term's intake reads.
 */

import { type SchoolResponse, schoolResponseSchema } from '../core/assessment/school-responses';
import { addDays } from '../core/dates';
import { letterRecordName } from '../core/letters/letters';
import { type LetterAsSent, letterFromMime } from '../core/letters/mime';
import { visitsPlannedAndDone } from '../core/reporting/visits';
import type { BrokeredSupport } from '../core/support/brokering';
import type { TaskGroup } from '../core/support/task-groups';
import {
  type AdviserVisits,
  publishedVisitNotes,
  type VisitRecord,
  visitRecordSchema,
  visitsByAdviser,
} from '../core/support/visit-records';
import { compareTerms, nextTerm, termStartDate } from '../core/term';
import type { Assessment } from '../core/types';
import { tableName } from './config';
import { loadSchools, loadSupport, type SchoolRecord, termsRun } from './cycle-store';
import { batchGet, getItem, putIf, putItem, queryPartition, scanWhere, updateIf } from './dynamo';
import { keptFor } from './kept-for';
import { SENT_EMAILS_BY_TERM, type SentEmailRecord } from './sent-emails';
import { termFiles } from './term-files';

const termsKept = keptFor<string[]>(5000);
const schoolsKept = keptFor<Map<string, SchoolRecord>>(60_000);

/** Every term with a succeeded run, oldest first (read at most every 5 s). */
export function termsOnRecord(): Promise<string[]> {
  return termsKept('terms', termsRun);
}

/**
 * The schools of the newest term with a succeeded run, with their contacts, by URN: whom the portal lets see a school
 * (core/access/schools.ts). Read at most a minute apart; a new term's run is seen at once (the newest term changes).
 */
export async function schoolsOnRecord(): Promise<{ term?: string; schools: Map<string, SchoolRecord> }> {
  const term = (await termsOnRecord()).at(-1);
  if (!term) return { schools: new Map() };
  const schools = await schoolsKept(term, async () => new Map((await loadSchools(term)).map((s) => [s.urn, s])));
  return { term, schools };
}

/** The school's assessment in each term run, oldest first (a term it was not assessed in is left out). */
export async function categoryHistoryOf(urn: string, terms: readonly string[]): Promise<Assessment[]> {
  const items = await batchGet<Assessment>(
    tableName('assessments'),
    terms.map((term) => ({ term, urn })),
  );
  return items.sort((a, b) => compareTerms(a.term, b.term));
}

/** A letter to the school, its record and, where the authority's records keep it, the letter as it was sent. */
export interface SchoolLetter {
  term: string;
  record: SentEmailRecord;
}

/** Every letter SES took for the school, in each term run, the newest first. */
export async function lettersTo(urn: string, terms: readonly string[]): Promise<SchoolLetter[]> {
  const perTerm = await Promise.all(
    terms.map(async (term) =>
      (
        await queryPartition<SentEmailRecord>(tableName('sentEmails'), 'term', term, {
          index: SENT_EMAILS_BY_TERM,
          range: { sortKey: 'letterKey', from: `${term}#${urn}#`, to: `${term}#${urn}$` },
        })
      )
        .filter((record) => record.status === 'sent' && record.urn === urn)
        .map((record) => ({ term, record })),
    ),
  );
  return perTerm.flat().sort((a, b) => (b.record.sentAt ?? '').localeCompare(a.record.sentAt ?? ''));
}

/** The letter as it was sent, from the authority's records; undefined where they do not hold it (an older run's). */
export async function letterAsSent(letter: SchoolLetter): Promise<LetterAsSent | undefined> {
  try {
    const raw = await termFiles().readRecord(letter.term, letterRecordName(letter.record));
    return letterFromMime(new TextDecoder().decode(raw));
  } catch {
    return undefined;
  }
}

/** The school's responses, oldest first. */
export async function responsesOf(urn: string): Promise<SchoolResponse[]> {
  const items = await queryPartition<SchoolResponse>(tableName('schoolResponses'), 'urn', urn);
  return items.map((item) => schoolResponseSchema.parse(item));
}

const responsesKept = keptFor<SchoolResponse[]>(5000);

/**
 * The responses of several schools (an AAG area's), by URN: from one read of the whole table (a few responses a school
 * a term) at most every 5 s, however many AAG members look, rather than a query a school a page.
 */
export async function responsesOfSchools(urns: readonly string[]): Promise<Map<string, SchoolResponse[]>> {
  const all = await responsesKept('all', async () =>
    (
      await scanWhere<SchoolResponse>(tableName('schoolResponses'), {
        condition: 'attribute_exists(#urn)',
        names: { '#urn': 'urn' },
      })
    ).map((item) => schoolResponseSchema.parse(item)),
  );
  const wanted = new Set(urns);
  const found = new Map<string, SchoolResponse[]>();
  for (const response of [...all].sort((a, b) => a.responseId.localeCompare(b.responseId)))
    if (wanted.has(response.urn)) found.set(response.urn, [...(found.get(response.urn) ?? []), response]);
  return found;
}

/** Keeps a file given with a response with the authority's records; returns where. */
export async function keepAttachment(
  response: { urn: string; term: string; responseId: string },
  index: number,
  file: { name: string; bytes: Uint8Array; type: string },
): Promise<string> {
  const safe = file.name.replace(/[^A-Za-z0-9._-]+/g, '_').slice(-100);
  const name = `responses/${response.urn}/${response.responseId.replace(/[^A-Za-z0-9._-]+/g, '_')}/${index + 1}-${safe}`;
  await termFiles().writeRecord(response.term, name, file.bytes, file.type);
  return name;
}

export async function readAttachment(term: string, key: string): Promise<Uint8Array> {
  return termFiles().readRecord(term, key);
}

export async function saveResponse(response: SchoolResponse): Promise<void> {
  await putItem(tableName('schoolResponses'), schoolResponseSchema.parse(response));
}

/** Records the AAG's answer, once: false if the response had been answered already. */
export function answerResponse(
  urn: string,
  responseId: string,
  answer: NonNullable<SchoolResponse['answer']>,
): Promise<boolean> {
  return updateIf(
    tableName('schoolResponses'),
    { urn, responseId },
    { answer },
    {
      condition: 'attribute_exists(#id) AND attribute_not_exists(#answer)',
      names: { '#id': 'responseId', '#answer': 'answer' },
    },
  );
}

/** The school's visit notes and task-group reports written in the portal, drafts and published. */
export async function visitRecordsOf(urn: string): Promise<VisitRecord[]> {
  const items = await queryPartition<VisitRecord>(tableName('visitRecords'), 'urn', urn);
  return items.map((item) => visitRecordSchema.parse(item));
}

/**
 * Saves a visit note or report: a draft may be saved again by its writer; a published one is never changed (false
 * if it had been published, or another person wrote it).
 */
export function saveVisitRecord(record: VisitRecord): Promise<boolean> {
  return putIf(tableName('visitRecords'), visitRecordSchema.parse(record), {
    condition: 'attribute_not_exists(#id) OR (#status = :draft AND #author.#authorId = :author)',
    names: { '#id': 'recordId', '#status': 'status', '#author': 'author', '#authorId': 'id' },
    values: { ':draft': 'draft', ':author': record.author.id },
  });
}

/** Every published visit note and task-group report, for the intake (a small table: a few records a school a term). */
export async function publishedVisitRecords(): Promise<VisitRecord[]> {
  const items = await scanWhere<VisitRecord>(tableName('visitRecords'), {
    condition: '#status = :published',
    names: { '#status': 'status' },
    values: { ':published': 'published' },
  });
  return items.map((item) => visitRecordSchema.parse(item));
}

/** The school's support and task group in a term, where it had them. */
export async function supportAndTaskGroupOf(
  term: string,
  urn: string,
): Promise<{ support?: BrokeredSupport; taskGroup?: TaskGroup }> {
  const [support, taskGroup] = await Promise.all([
    getItem<BrokeredSupport>(tableName('support'), { term, urn }),
    getItem<TaskGroup>(tableName('taskGroups'), { term, urn }),
  ]);
  return { ...(support ? { support } : {}), ...(taskGroup ? { taskGroup } : {}) };
}

const supportKept = keptFor<BrokeredSupport[]>(60_000);
const recordsKept = keptFor<VisitRecord[]>(5000);

/**
 * Visits planned against visits done in the newest term run, per school and per adviser (core/reporting/visits.ts,
 * core/support/visit-records.ts): planned by the term's support, done by the notes published in the portal dated in the
 * term. `only` keeps an AAG area's schools.
 */
export async function visitsOfTerm(
  termStarts: Record<'autumn' | 'spring' | 'summer', string>,
  only?: (school: SchoolRecord) => boolean,
): Promise<
  | {
      term: string;
      schools: { urn: string; name: string; planned: number; done: number }[];
      advisers: AdviserVisits[];
    }
  | undefined
> {
  const { term, schools } = await schoolsOnRecord();
  if (!term) return undefined;
  // The term's support does not change between runs, and the notes are read at most every 5 s, however many look.
  const [support, records] = await Promise.all([
    supportKept(term, () => loadSupport(term)),
    recordsKept('published', publishedVisitRecords),
  ]);
  const ours = (urn: string) => {
    const school = schools.get(urn);
    return !!school && (!only || only(school));
  };
  const from = termStartDate(term, termStarts);
  const until = termStartDate(nextTerm(term), termStarts);
  const planned = support.filter((s) => ours(s.urn));
  const notes = publishedVisitNotes(
    records.filter((r) => ours(r.urn)),
    addDays(until, -1),
  ).filter((n) => n.date >= from);
  return {
    term,
    schools: visitsPlannedAndDone(planned, notes, from, until).map((v) => ({
      urn: v.urn,
      name: schools.get(v.urn)?.name ?? v.urn,
      planned: v.planned,
      done: v.done,
    })),
    advisers: visitsByAdviser(planned, notes),
  };
}
