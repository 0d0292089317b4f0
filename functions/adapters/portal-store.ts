/**
 * What the portal reads and writes in the cycle's store: the AAG rounds and proposals the cycle wrote, the drafts AAG
 * members save (the aag-drafts table), and the decisions an AAG's chair submits, put into the aag-decisions table as
 * npm run moderate puts them, so that the table's stream passes them to the cycle waiting on them. Every action and
 * every refusal goes on the audit trail.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { LetterRecordLine } from '../core/assessment/decision-outcomes';
import { ECB, type StoredDecisions, slugOf, storedDecisionsSchema } from '../core/assessment/moderation';
import { DECISION_FORM_FIELDS, type DecisionForm } from '../core/assessment/moderation-form';
import { portalAuditEntry } from '../core/audit/trail';
import { ECB_NOTICES, type EcbNoticeAnswer } from '../core/intervention/warning-notices';
import type { BrokeredSupport } from '../core/support/brokering';
import type { Assessment, SystemLeader } from '../core/types';
import { areaClient } from './area-writes';
import { appendToAuditTrail } from './audit-trail';
import { tableName } from './config';
import {
  AAG_ROUND,
  loadAssessments,
  loadModerationRound,
  loadRuns,
  loadSchools,
  loadSupport,
  loadSystemLeaders,
  type ModerationRecord,
  type ModerationRound,
  type SchoolRecord,
} from './cycle-store';
import { documentClient, getItem, putIf, putItem, queryPartition, scanWhere, updateItem } from './dynamo';
import { storeEcbNoticeAnswer } from './ecb-answers';
import { keptFor } from './kept-for';
import { termLetterRecords } from './sent-emails';
import { answerTask } from './task-tokens';

/** A term's round of AAG moderation as one area sees it. */
export interface AreaRound {
  term: string;
  /** The district's name as the register gives it. */
  district: string;
  areaKey: string;
  requestedAt: string;
  /** When the round was closed (the cycle stopped waiting): no decision can be made after. */
  closedAt?: string;
  /** What became of the area's answer, as the cycle recorded it. */
  outcome?: string;
}

/**
 * The latest round the cycle opened for the area (its request to the area's AAG), found by the area's key among the
 * districts asked; undefined if the cycle has never asked it.
 */
export async function latestRoundOf(areaKey: string): Promise<AreaRound | undefined> {
  const latest = newestFirst((await areaRequests()).filter((r) => slugOf(r.district) === areaKey))[0];
  if (!latest) return undefined;
  const round = await loadModerationRound(latest.term);
  return {
    term: latest.term,
    district: latest.district,
    areaKey,
    requestedAt: latest.requestedAt,
    ...(round?.closedAt ? { closedAt: round.closedAt } : {}),
    ...(latest.outcome ? { outcome: latest.outcome } : {}),
  };
}

/**
 * Every district's requests, all terms: a small table (a request a district a term), read at most every few seconds
 * by a warm function. When the round closed is read afresh each time (loadModerationRound).
 */
let requestsRead: { at: number; requests: Promise<ModerationRecord[]> } | undefined;
const REQUESTS_KEPT_MS = 5000;

function areaRequests(): Promise<ModerationRecord[]> {
  if (requestsRead && Date.now() - requestsRead.at < REQUESTS_KEPT_MS) return requestsRead.requests;
  const requests = scanWhere<ModerationRecord>(tableName('moderation'), {
    condition: 'attribute_exists(#proposals) AND #district <> :round AND #district <> :ecb AND #district <> :notices',
    names: { '#proposals': 'proposals', '#district': 'district' },
    values: { ':round': AAG_ROUND, ':ecb': ECB, ':notices': ECB_NOTICES },
  });
  requests.catch(() => {
    requestsRead = undefined;
  });
  requestsRead = { at: Date.now(), requests };
  return requests;
}

/** The term's round of AAG moderation itself (its token and when it closed), if the cycle opened one. */
export function roundOf(term: string): Promise<ModerationRound | undefined> {
  return loadModerationRound(term);
}

export interface TermProposals {
  schools: SchoolRecord[];
  proposals: Assessment[];
  systemLeaders: SystemLeader[];
}

/**
 * A term's proposals, its schools and system leaders. They do not change while a round is open, so a warm function
 * keeps them for a minute rather than read the whole term at every page.
 */
const KEEP_MS = 60_000;
const proposalsKept = keptFor<TermProposals>(KEEP_MS);

export function termProposals(term: string, version: string): Promise<TermProposals> {
  return proposalsKept(`${term}#${version}`, () =>
    Promise.all([loadSchools(term), loadAssessments(term), loadSystemLeaders(term)]).then(
      ([schools, proposals, systemLeaders]) => ({ schools, proposals, systemLeaders }),
    ),
  );
}

/**
 * What followed the term's decisions, once its run succeeded after the round closed: the term's letters (their records,
 * no address) and the brokered support; undefined while the run has not finished since. Kept a minute, as the proposals
 * are.
 */
export function termOutcomes(
  term: string,
  closedAt: string,
): Promise<{ letters: LetterRecordLine[]; support: BrokeredSupport[] } | undefined> {
  const key = `${term}#${closedAt}`;
  const hit = outcomesKept.get(key);
  if (hit && Date.now() - hit.at < KEEP_MS) return hit.value;
  const value = loadRuns(term).then(async (runs) => {
    if (!runs.some((r) => r.status === 'succeeded' && r.finishedAt >= closedAt)) return undefined;
    const [letters, support] = await Promise.all([termLetterRecords(term), loadSupport(term)]);
    return {
      letters: letters.map(({ urn, role, status, needsFollowUp }) => ({
        urn,
        role,
        status,
        ...(needsFollowUp ? { needsFollowUp } : {}),
      })),
      support,
    };
  });
  value.catch(() => outcomesKept.delete(key));
  // Not kept until it is known: a run that finishes in the minute is seen at the next request.
  void value.then((v) => (v ? outcomesKept.set(key, { at: Date.now(), value }) : outcomesKept.delete(key)));
  return value;
}
const outcomesKept = new Map<
  string,
  { at: number; value: Promise<{ letters: LetterRecordLine[]; support: BrokeredSupport[] } | undefined> }
>();

/** An AAG member's draft decision on one school. */
export const draftSchema = z.object({
  area: z.string().min(1),
  draftKey: z.string().min(1),
  term: z.string().min(1),
  urn: z.string().min(1),
  form: z.object(
    Object.fromEntries(DECISION_FORM_FIELDS.map((f) => [f, z.string().optional()])),
  ) as z.ZodType<DecisionForm>,
  savedBy: z.string().min(1),
  savedAt: z.string().min(1),
});
export type Draft = z.infer<typeof draftSchema>;

const draftKeyOf = (term: string, urn: string) => `${term}#${urn}`;

export async function saveDraft(draft: Omit<Draft, 'draftKey'>, district: string): Promise<void> {
  await putItem(
    tableName('aagDrafts'),
    { ...draft, draftKey: draftKeyOf(draft.term, draft.urn) },
    await areaClient(district, draft.area),
  );
}

/** The area's drafts for the term, by URN. */
export async function draftsOf(areaKey: string, term: string): Promise<Map<string, Draft>> {
  const items = await queryPartition<Draft>(tableName('aagDrafts'), 'area', areaKey, {
    range: { sortKey: 'draftKey', from: `${term}#`, to: `${term}$` },
  });
  return new Map(items.map((d) => [d.urn, draftSchema.parse(d)]));
}

/** What the area's AAG has submitted for the term, if anything. */
export async function submittedDecisions(district: string, term: string): Promise<StoredDecisions | undefined> {
  const item = await getItem(tableName('aagDecisions'), { district, term });
  return item ? storedDecisionsSchema.parse(item) : undefined;
}

/**
 * Puts the area's decisions in, as npm run moderate does, unless the cycle has already taken an earlier submission
 * (it would not take a second: the round counts an area once). False if it had.
 */
export async function submitDecisions(stored: StoredDecisions, areaKey: string): Promise<boolean> {
  return putIf(
    tableName('aagDecisions'),
    storedDecisionsSchema.parse(stored),
    { condition: 'attribute_not_exists(#received)', names: { '#received': 'receivedAt' } },
    await areaClient(stored.district, areaKey),
  );
}

/** Writes an action taken, or refused, in the portal to the audit trail. */
export async function auditPortal(input: Omit<Parameters<typeof portalAuditEntry>[0], 'at' | 'id'>): Promise<void> {
  await appendToAuditTrail([portalAuditEntry({ ...input, at: new Date().toISOString(), id: randomUUID() })]);
}

/** The latest term whose changes wait for (or waited for) the ECB's confirmation, if the cycle has asked it. */
export function latestEcbConfirmation(): Promise<ModerationRecord | undefined> {
  return latestRequestTo(ECB);
}

/** The cycle's newest request under `district` of the moderation table (the ECB's, or its questions on notices). */
async function latestRequestTo<T extends ModerationRecord>(district: string): Promise<T | undefined> {
  const asked = await scanWhere<T>(tableName('moderation'), {
    condition: '#district = :district',
    names: { '#district': 'district' },
    values: { ':district': district },
  });
  return newestFirst(asked)[0];
}

/** Requests, the newest first. */
const newestFirst = <T extends { requestedAt: string }>(requests: readonly T[]): T[] =>
  [...requests].sort((a, b) => (a.requestedAt < b.requestedAt ? 1 : a.requestedAt > b.requestedAt ? -1 : 0));

/**
 * The ECB's answer on a held term: sent on the task token the cycle waits on, then recorded on its request. The token
 * answers once: a second answer (another member's at the same time) finds the cycle no longer waiting, and is told
 * whether the term was answered already or its deadline passed.
 */
export async function answerEcbConfirmation(
  term: string,
  answer: { letters: 'send' | 'hold'; by: string; reason: string },
): Promise<'answered' | 'answered already' | 'no longer waiting'> {
  const request = await getItem<ModerationRecord>(tableName('moderation'), { term, district: ECB });
  if (!request?.taskToken) return 'no longer waiting';
  if (request.answeredAt) return 'answered already';
  const sent = await answerTask(request.taskToken, answer);
  if (sent === 'answered') {
    await updateItem(
      tableName('moderation'),
      { term, district: ECB },
      {
        outcome: answer.letters === 'send' ? 'confirmed by the ECB' : 'held by the ECB',
        answeredAt: new Date().toISOString(),
        answer,
      },
    );
    return 'answered';
  }
  const now = await getItem<ModerationRecord>(tableName('moderation'), { term, district: ECB });
  return now?.answeredAt ? 'answered already' : 'no longer waiting';
}

/** The latest term in which the cycle asked the ECB about formal warning notices, with its answer if it gave one. */
export function latestEcbNoticeRequest(): Promise<(ModerationRecord & { answer?: EcbNoticeAnswer }) | undefined> {
  return latestRequestTo(ECB_NOTICES);
}

/**
 * The ECB's decisions on the term's warning notices: stored with the cycle's request (once: a second answer is refused,
 * with why), then the task token answered with how many, as npm run ecb-decisions gives them.
 */
export async function answerEcbNotices(
  term: string,
  answer: EcbNoticeAnswer,
): Promise<{ outcome: 'answered' | 'no longer waiting' } | { refused: string }> {
  const stored = await storeEcbNoticeAnswer(documentClient(), tableName('moderation'), term, answer);
  if ('refused' in stored) return stored;
  return { outcome: await answerTask(stored.taskToken, stored.token) };
}
