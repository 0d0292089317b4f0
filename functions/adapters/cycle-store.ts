/**
 * The cycle's records in DynamoDB, in the domain's terms. Key design (see lib/cycle-tables.ts):
 *   schools, evidence, system leaders, assessments, support, task groups: partition `term`
 *   category history: partition `urn`, sort `termKey` (terms in time order)
 *   sent emails: partition `letterKey`; cycle runs: partition `term`, sort `startedAt`
 *   AAG decisions: partition `district`, sort `term` (so an AAG's IAM access can be held to its own district)
 *   term figures: partition `term`, sort `scope` (the authority, or an AAG area)
 */

import {
  type AcceptedDecision,
  type ClosedRound,
  type StoredDecisions,
  storedDecisionsSchema,
} from '../core/assessment/moderation';
import type { AreaBatch } from '../core/batches';
import { byBatch, type SchoolBatch } from '../core/batches';
import { groupByUrn } from '../core/collections';
import type { TermIntake } from '../core/intake';
import {
  ECB_NOTICES,
  type EcbNoticeAnswer,
  ecbNoticeAnswerSchema,
  type WarningNotice,
} from '../core/intervention/warning-notices';
import type { AreaLine } from '../core/reporting/area-lines';
import type { BatchSums, ScopeFigures } from '../core/reporting/term-figures';
import type { BrokeredSupport } from '../core/support/brokering';
import type { TaskGroup } from '../core/support/task-groups';
import { previousTerm, termSortKey } from '../core/term';
import type {
  Assessment,
  BaselineCategory,
  Category,
  Contact,
  Inspection,
  Intelligence,
  MeasureFigure,
  Performance,
  School,
  SystemLeader,
  TaskGroupReport,
  TscResponse,
  VisitNote,
} from '../core/types';
import { TABLE_INDEXES, tableName } from './config';
import {
  batchGet,
  deleteIf,
  expiresIn,
  getItem,
  type Item,
  mapLimit,
  putAll,
  putAllIfAbsent,
  putIf,
  putItem,
  queryFirst,
  queryOne,
  queryPartition,
  replacePartition,
  scanWhere,
  updateIf,
  updateItem,
  updateReturning,
} from './dynamo';

export interface SchoolRecord extends School {
  term: string;
  contacts: Contact[];
}

export type EvidenceRecord =
  | { term: string; evidenceId: string; urn: string; kind: 'inspection'; inspection: Inspection }
  | { term: string; evidenceId: string; urn: string; kind: 'intelligence'; intelligence: Intelligence }
  | { term: string; evidenceId: string; urn: string; kind: 'task-group-report'; report: TaskGroupReport }
  | { term: string; evidenceId: string; urn: string; kind: 'performance'; performance: Performance }
  | { term: string; evidenceId: string; urn: string; kind: 'visit-note'; note: VisitNote }
  | { term: string; evidenceId: string; urn: string; kind: 'tsc-response'; response: TscResponse }
  | { term: string; evidenceId: string; urn: string; kind: 'measure-figure'; figure: MeasureFigure };

export interface TermEvidence {
  inspections: Inspection[];
  performance: Performance[];
  intelligence: Intelligence[];
  taskGroupReports: TaskGroupReport[];
  visitNotes: VisitNote[];
  tscResponses: TscResponse[];
  measureFigures: MeasureFigure[];
}

const pad = (n: number) => String(n).padStart(5, '0');

/**
 * The term's validated intake as the items it is stored as: each school with its contacts, each piece of evidence, and
 * the baseline.
 */
export interface IntakeRecords {
  schools: SchoolRecord[];
  evidence: EvidenceRecord[];
  baseline: BaselineCategory[];
}

/**
 * The items data intake stores for the term. Each piece of evidence is numbered across the whole term, so the
 * keys are the same however the term is cut into batches.
 */
export function intakeRecords(term: string, intake: TermIntake): IntakeRecords {
  const contactsBySchool = groupByUrn(intake.contacts);
  const schools: SchoolRecord[] = intake.schools.map((s) => ({
    ...s,
    term,
    contacts: contactsBySchool.get(s.urn) ?? [],
  }));
  const evidence: EvidenceRecord[] = [
    ...intake.inspections.map((inspection, i) => ({
      term,
      evidenceId: `${inspection.urn}#inspection#${pad(i)}`,
      urn: inspection.urn,
      kind: 'inspection' as const,
      inspection,
    })),
    ...intake.intelligence.map((intelligence, i) => ({
      term,
      evidenceId: `${intelligence.urn}#intelligence#${pad(i)}`,
      urn: intelligence.urn,
      kind: 'intelligence' as const,
      intelligence,
    })),
    ...intake.taskGroupReports.map((report, i) => ({
      term,
      evidenceId: `${report.urn}#task-group-report#${pad(i)}`,
      urn: report.urn,
      kind: 'task-group-report' as const,
      report,
    })),
    ...intake.performance.map((performance, i) => ({
      term,
      evidenceId: `${performance.urn}#performance#${pad(i)}`,
      urn: performance.urn,
      kind: 'performance' as const,
      performance,
    })),
    ...intake.visitNotes.map((note, i) => ({
      term,
      evidenceId: `${note.urn}#visit-note#${pad(i)}`,
      urn: note.urn,
      kind: 'visit-note' as const,
      note,
    })),
    ...(intake.measureFigures ?? []).map((figure, i) => ({
      term,
      evidenceId: `measure#${figure.measure}#${pad(i)}`,
      urn: '',
      kind: 'measure-figure' as const,
      figure,
    })),
    ...(intake.tscResponses ?? []).map((response, i) => ({
      term,
      evidenceId: `${response.urn}#tsc-response#${pad(i)}`,
      urn: response.urn,
      kind: 'tsc-response' as const,
      response,
    })),
  ];
  return { schools, evidence, baseline: intake.baseline };
}

/**
 * The intake's items in the batches data intake planned: each school and piece of evidence in the batch whose
 * range holds its key (the term's measure figures, keyed `measure#…`, fall in the last), each baseline category
 * with its school's batch.
 */
export function intakeBatches(records: IntakeRecords, batches: readonly SchoolBatch[]): IntakeRecords[] {
  const schools = byBatch(records.schools, (s) => s.urn, batches);
  const evidence = byBatch(records.evidence, (e) => e.evidenceId, batches);
  const baseline = byBatch(records.baseline, (b) => b.urn, batches);
  return batches.map((_, i) => ({ schools: schools[i]!, evidence: evidence[i]!, baseline: baseline[i]! }));
}

/**
 * Stores one batch of the term's intake: its range of the term's schools and evidence replaced (so a school or a
 * row an earlier run of the term stored, and this one did not, goes), and the baseline (the categories the LA held
 * before this system) standing as the previous term's category, unless the history already has one for that term.
 */
/**
 * How long a term's schools (each with its contacts: names and addresses of heads and chairs) are kept after the run
 * that stored them: CONTACT_RETENTION_DAYS (lib/config.ts contactRetentionDays). Each term's run stores its own, so a
 * contact replaced, or a school gone from the register, is gone that long after the last term that had it.
 */
export const contactRetentionSeconds = (env: NodeJS.ProcessEnv = process.env) =>
  Number(env.CONTACT_RETENTION_DAYS ?? '365') * 24 * 60 * 60;

export async function saveIntakeBatch(
  term: string,
  batch: SchoolBatch,
  records: IntakeRecords,
): Promise<{ baselineRecorded: number }> {
  const expiresAt = expiresIn(contactRetentionSeconds());
  await Promise.all([
    replacePartition(
      tableName('schools'),
      { partition: 'term', sort: 'urn' },
      term,
      records.schools.map((s) => ({ ...s, expiresAt })) as unknown as Item[],
      batch,
    ),
    replacePartition(
      tableName('evidence'),
      { partition: 'term', sort: 'evidenceId' },
      term,
      records.evidence.map(withKindKey) as unknown as Item[],
      batch,
    ),
  ]);
  // A hundred to a transaction, each on the condition that the school has no category for that term yet.
  const baselineTerm = previousTerm(term);
  const baselineRecorded = await putAllIfAbsent(
    tableName('categoryHistory'),
    records.baseline.map((b) => ({
      urn: b.urn,
      termKey: termSortKey(baselineTerm),
      term: baselineTerm,
      category: b.category,
      source: 'baseline',
    })),
    { partition: 'urn', sort: 'termKey' },
  );
  return { baselineRecorded };
}

/** The term's system leaders, replacing any an earlier run of the term stored. */
export async function saveSystemLeaders(term: string, leaders: readonly SystemLeader[]): Promise<void> {
  await replacePartition(
    tableName('systemLeaders'),
    { partition: 'term', sort: 'leaderId' },
    term,
    leaders.map((l) => ({ ...l, term, leaderId: l.id })),
  );
}

/** A batch's range of a table's sort keys (the URN, or a key that begins with it); none for the whole term. */
const batchRange = (batch: SchoolBatch | undefined, sortKey: string) => batch && { sortKey, ...batch };

/** The term's schools, or those of one batch. */
export async function loadSchools(term: string, batch?: SchoolBatch): Promise<SchoolRecord[]> {
  const items = await queryPartition<SchoolRecord & { expiresAt?: number }>(tableName('schools'), 'term', term, {
    range: batchRange(batch, 'urn'),
  });
  return items.map(({ expiresAt: _expires, ...school }) => school);
}

export type EvidenceKind = EvidenceRecord['kind'];

/**
 * The evidence table's index by term and kind, of the kinds a stage reads on their own: the whole term's
 * (brokering: inspections and the TSC board's responses; task groups: their reports; reporting: inspections,
 * intelligence and visit notes) or a batch's (warning notices: the task-group reports; school pages: the visit
 * notes). The performance figures, most of a term's evidence and read only with the rest of a batch's, and the
 * authority's measure figures are not in it: an item is in the index only if it has the key (a sparse index).
 */
export const EVIDENCE_BY_KIND = TABLE_INDEXES.evidenceByKind;
const KINDS_INDEXED: ReadonlySet<EvidenceKind> = new Set([
  'inspection',
  'intelligence',
  'task-group-report',
  'visit-note',
  'tsc-response',
]);
const kindKeyOf = (term: string, kind: EvidenceKind) => `${term}#${kind}`;
const withKindKey = (item: EvidenceRecord): EvidenceRecord & { kindKey?: string } =>
  KINDS_INDEXED.has(item.kind) ? { ...item, kindKey: kindKeyOf(item.term, item.kind) } : item;

/**
 * The term's evidence of the kinds asked (or one batch's: the index's sort key is the evidence's, which begins
 * with the school's URN), from the index by kind; none if the term was stored before the index (its items carry no
 * key, so the index holds none of them: not even an inspection, which every term stored since has in it unless it
 * has none at all).
 */
async function evidenceByKind(
  term: string,
  kinds: readonly EvidenceKind[],
  batch?: SchoolBatch,
): Promise<EvidenceRecord[] | undefined> {
  const table = tableName('evidence');
  const items = (
    await Promise.all(
      kinds.map((kind) =>
        queryPartition<EvidenceRecord>(table, 'kindKey', kindKeyOf(term, kind), {
          index: EVIDENCE_BY_KIND,
          range: batchRange(batch, 'evidenceId'),
        }),
      ),
    )
  ).flat();
  if (items.length > 0) return items;
  // Nothing found: the term has none of these (in the batch), or was stored before the index. The whole term's
  // inspections tell.
  const indexed =
    kinds.includes('inspection') && !batch
      ? false
      : (await queryFirst(table, 'kindKey', kindKeyOf(term, 'inspection'), EVIDENCE_BY_KIND)) !== undefined;
  return indexed ? [] : undefined;
}

/**
 * The term's evidence, or that of one batch's schools (each item's key begins with its school's URN), of every kind
 * or only those asked for (the rest are read by DynamoDB but never sent, unmarshalled or held: the performance
 * figures are most of a term's evidence, and a stage that wants only task-group reports need not carry them).
 */
export async function loadEvidence(
  term: string,
  only: { batch?: SchoolBatch; kinds?: readonly EvidenceKind[] } = {},
): Promise<TermEvidence> {
  const { batch, kinds } = only;
  const filter = kinds && {
    condition: `#kind IN (${kinds.map((_, i) => `:kind${i}`).join(', ')})`,
    names: { '#kind': 'kind' },
    values: Object.fromEntries(kinds.map((k, i) => [`:kind${i}`, k])),
  };
  // Evidence of some kinds (the term's, or a batch's) comes from the index by kind, without reading the performance
  // figures.
  const indexed = kinds?.every((kind) => KINDS_INDEXED.has(kind))
    ? await evidenceByKind(term, kinds, batch)
    : undefined;
  const items =
    indexed ??
    (await queryPartition<EvidenceRecord>(tableName('evidence'), 'term', term, {
      range: batchRange(batch, 'evidenceId'),
      ...(filter ? { filter } : {}),
    }));
  const evidence: TermEvidence = {
    inspections: [],
    performance: [],
    intelligence: [],
    taskGroupReports: [],
    visitNotes: [],
    tscResponses: [],
    measureFigures: [],
  };
  for (const item of items) {
    if (item.kind === 'inspection') evidence.inspections.push(item.inspection);
    else if (item.kind === 'intelligence') evidence.intelligence.push(item.intelligence);
    else if (item.kind === 'performance') evidence.performance.push(item.performance);
    else if (item.kind === 'visit-note') evidence.visitNotes.push(item.note);
    else if (item.kind === 'tsc-response') evidence.tscResponses.push(item.response);
    else if (item.kind === 'measure-figure') evidence.measureFigures.push(item.figure);
    else evidence.taskGroupReports.push(item.report);
  }
  return evidence;
}

export function loadSystemLeaders(term: string): Promise<SystemLeader[]> {
  return queryPartition<SystemLeader>(tableName('systemLeaders'), 'term', term);
}

/** The school's category in the latest term before this one, if it has one. */
export async function previousCategory(
  urn: string,
  term: string,
): Promise<{ category: Category; term: string } | undefined> {
  const latest = await queryOne<{ category: Category; term: string }>({
    TableName: tableName('categoryHistory'),
    KeyConditionExpression: 'urn = :urn AND termKey < :key',
    ExpressionAttributeValues: { ':urn': urn, ':key': termSortKey(term) },
    ScanIndexForward: false,
  });
  return latest ? { category: latest.category, term: latest.term } : undefined;
}

/**
 * Each school's category before `term`, for many schools at once: the previous term's (or the baseline standing
 * as it) read with BatchGetItem, a hundred schools a call; only a school with none there (new, or not in the cycle
 * last term) is looked for further back, one query each.
 */
export async function previousCategories(
  urns: readonly string[],
  term: string,
): Promise<Map<string, { category: Category; term: string }>> {
  const termKey = termSortKey(previousTerm(term));
  const found = await batchGet<{ urn: string; category: Category; term: string }>(
    tableName('categoryHistory'),
    urns.map((urn) => ({ urn, termKey })),
  );
  const result = new Map(found.map((i) => [i.urn, { category: i.category, term: i.term }]));
  await mapLimit(
    urns.filter((urn) => !result.has(urn)),
    16,
    async (urn) => {
      const earlier = await previousCategory(urn, term);
      if (earlier) result.set(urn, earlier);
    },
  );
  return result;
}

/** The risk assessment's proposals: kept in the assessments table until the AAGs decide; no category changes yet. */
/** One batch's proposals (or the whole term's), replacing what an earlier run of the term left in its range. */
export async function saveProposals(
  term: string,
  proposals: readonly Assessment[],
  batch?: SchoolBatch,
): Promise<void> {
  await replacePartition(
    tableName('assessments'),
    { partition: 'term', sort: 'urn' },
    term,
    proposals as unknown as Item[],
    batch,
  );
}

/** The proposals that bring support, with the support the brokering would give (written over the proposals). */
export async function saveProposedSupport(proposals: readonly Assessment[]): Promise<void> {
  await putAll(tableName('assessments'), proposals as unknown as Item[]);
}

/**
 * One batch's proposals, with the AAG decisions the closed round accepted about them (written onto the proposals
 * by acceptDecisions), by URN.
 */
export async function loadProposalsAndDecisions(
  term: string,
  batch: SchoolBatch,
): Promise<{ proposals: Assessment[]; decisions: Map<string, AcceptedDecision> }> {
  const items = await queryPartition<Assessment & { aagDecision?: AcceptedDecision }>(
    tableName('assessments'),
    'term',
    term,
    { range: batchRange(batch, 'urn') },
  );
  const decisions = new Map<string, AcceptedDecision>();
  const proposals = items.map(({ aagDecision, ...proposal }) => {
    if (aagDecision) decisions.set(proposal.urn, aagDecision);
    return proposal;
  });
  return { proposals, decisions };
}

/**
 * Writes each accepted AAG decision onto its school's proposal, where the batch that holds the school reads it:
 * the proposals read 100 to a call and written back 25 to a call. Returns the decisions whose school has no
 * proposal this term (so none was written).
 */
export async function acceptDecisions(
  term: string,
  decisions: readonly AcceptedDecision[],
): Promise<AcceptedDecision[]> {
  const proposals = new Map(
    (
      await batchGet<Assessment>(
        tableName('assessments'),
        decisions.map((d) => ({ term, urn: d.urn })),
      )
    ).map((p) => [p.urn, p]),
  );
  await putAll(
    tableName('assessments'),
    decisions.flatMap((decision) =>
      proposals.has(decision.urn) ? [{ ...proposals.get(decision.urn)!, aagDecision: decision }] : [],
    ),
  );
  return decisions.filter((d) => !proposals.has(d.urn));
}

/**
 * The schools with these URNs in the term's register (those it has), read 100 to a call: whole, or only the attributes
 * named.
 */
export function schoolsOf(term: string, urns: readonly string[]): Promise<SchoolRecord[]>;
export function schoolsOf<K extends keyof SchoolRecord>(
  term: string,
  urns: readonly string[],
  only: readonly K[],
): Promise<Pick<SchoolRecord, K>[]>;
export function schoolsOf(
  term: string,
  urns: readonly string[],
  only?: readonly string[],
): Promise<Partial<SchoolRecord>[]> {
  return batchGet<Partial<SchoolRecord>>(
    tableName('schools'),
    [...new Set(urns)].map((urn) => ({ term, urn })),
    only,
  );
}

/**
 * The districts of the schools with these URNs in the term's register (those it has): only those two attributes are
 * read.
 */
export async function districtsOf(term: string, urns: readonly string[]): Promise<Map<string, string>> {
  return new Map((await schoolsOf(term, urns, ['urn', 'district'])).map((s) => [s.urn, s.district]));
}

/**
 * A batch's agreed categories, with their proposals and decisions, replacing its proposals; each becomes the
 * school's category for the term. The accepted AAG decisions stay beside them, so that applying the batch again
 * (a retry whose first answer was lost) agrees the same categories.
 */
export async function saveAgreedAssessments(
  term: string,
  assessments: readonly Assessment[],
  batch: SchoolBatch,
  decisions: ReadonlyMap<string, AcceptedDecision>,
): Promise<void> {
  const items = assessments.map((a) => (decisions.has(a.urn) ? { ...a, aagDecision: decisions.get(a.urn) } : a));
  await replacePartition(
    tableName('assessments'),
    { partition: 'term', sort: 'urn' },
    term,
    items as unknown as Item[],
    batch,
  );
  await putAll(
    tableName('categoryHistory'),
    assessments.map((a) => ({
      urn: a.urn,
      termKey: termSortKey(term),
      term,
      category: a.category,
      methodologyId: a.methodologyId,
      source: a.moderation?.decision === 'override' ? 'aag-override' : 'assessment',
    })),
  );
}

export interface ModerationRecord {
  term: string;
  district: string;
  /** The ECB's requests only: the token its answer goes back on. The AAGs' is their round's (ModerationRound). */
  taskToken?: string;
  /** The execution waiting on the token. */
  executionId?: string;
  requestedAt: string;
  proposals: string;
  outcome?: string;
  /** The ECB's confirmation only: what it is asked (the changes against its limit). */
  question?: string;
  /** When the answer was recorded (recordModerationAnswer). */
  answeredAt?: string;
}

export function saveModerationRequest(record: ModerationRecord): Promise<void> {
  return putItem(tableName('moderation'), record as unknown as Item);
}

/** Each district's request to its AAG, all at once (the round's token is kept once, in the round). */
export function saveModerationRequests(records: readonly ModerationRecord[]): Promise<void> {
  return putAll(tableName('moderation'), records as unknown as Item[]);
}

/**
 * The moderation table's item for a term's round of AAG moderation: every district's AAG asked at once, on one
 * task token, so that however many districts there are, the state machine waits on one task (an inline Map
 * would ask at most 40 at a time). Keyed as a district that no district can be called.
 */
export const AAG_ROUND = '(every district)';

export interface ModerationRound {
  term: string;
  district: typeof AAG_ROUND;
  taskToken: string;
  executionId?: string;
  requestedAt: string;
  /** How many districts' AAGs were asked. */
  districts: number;
  /** The districts whose decisions were counted before the round closed (a string set). */
  answered?: Set<string>;
  /** When the apply stage closed the round: decisions passed on after it are too late. */
  closedAt?: string;
  /** Each answered district's outcome as the round closed, and what stands for the others (ClosedRound). */
  districtOutcomes?: ClosedRound['outcomes'];
  otherwise?: ClosedRound['otherwise'];
  /** Decisions that could not be applied, said in full (the first MAX_PROBLEMS_KEPT), and how many there were. */
  problems?: string[];
  problemCount?: number;
  /** The batches whose agreed categories are counted below (a string set of batchKey), each counted once. */
  agreedBatches?: Set<string>;
  agreedSchools?: number;
  agreedChanges?: number;
  agreedOverridden?: number;
  agreedUndecided?: number;
  /** Also `agreed <category>`: the schools agreed in each category. */
  [agreedInCategory: `agreed ${string}`]: number | undefined;
}

/** The most problems a round keeps word for word: enough for any AAG's sheet, and far inside DynamoDB's 400 KB item. */
const MAX_PROBLEMS_KEPT = 200;

/**
 * Decisions that could not be applied, as a round or the ECB's request keeps them: the first word for word, and how
 * many.
 */
const keptProblems = (problems: readonly string[]) => ({
  problems: problems.slice(0, MAX_PROBLEMS_KEPT),
  problemCount: problems.length,
});

/** The decisions not applied that a round or the ECB's request kept, as the report shows them. */
export const problemsShown = (
  kept: { problems?: string[]; problemCount?: number } | undefined,
): { shown: string[]; count: number } => ({ shown: kept?.problems ?? [], count: kept?.problemCount ?? 0 });

/**
 * Records on the term's round what each district's AAG did and the decisions that could not be applied, for the batches
 * and the report.
 */
export function recordClosedRound(term: string, closed: ClosedRound, problems: readonly string[]): Promise<void> {
  return updateItem(
    tableName('moderation'),
    { term, district: AAG_ROUND },
    { districtOutcomes: closed.outcomes, otherwise: closed.otherwise, ...keptProblems(problems) },
  );
}

/** The term's round as it closed; undefined until the round has been closed and recorded. */
export async function loadClosedRound(term: string): Promise<ClosedRound | undefined> {
  const round = await loadModerationRound(term);
  return round?.districtOutcomes && round.otherwise
    ? { outcomes: round.districtOutcomes, otherwise: round.otherwise }
    : undefined;
}

/** A batch's name in the round's tally: where its range starts. */
const batchKey = (batch: SchoolBatch) => `from ${batch.from ?? '(the first URN)'}`;

/**
 * Adds one batch's agreed categories to the term's tally on its round, once: a retried batch whose counts are
 * already there adds nothing (and returns false). A rerun of the term opens a new round, and so a new tally.
 */
export async function tallyAgreedBatch(
  term: string,
  batch: SchoolBatch,
  counts: {
    schools: number;
    changes: number;
    overridden: number;
    undecided: number;
    categories: Record<string, number>;
  },
): Promise<boolean> {
  const categories = Object.entries(counts.categories);
  const round = await updateReturning(
    tableName('moderation'),
    { term, district: AAG_ROUND },
    {
      expression: `ADD #batches :batch, #schools :schools, #changes :changes, #overridden :overridden, #undecided :undecided${categories.map((_, i) => `, #c${i} :c${i}`).join('')}`,
      condition: 'attribute_exists(#closed) AND NOT contains(#batches, :key)',
      names: {
        '#batches': 'agreedBatches',
        '#schools': 'agreedSchools',
        '#changes': 'agreedChanges',
        '#overridden': 'agreedOverridden',
        '#undecided': 'agreedUndecided',
        '#closed': 'closedAt',
        ...Object.fromEntries(categories.map(([c], i) => [`#c${i}`, `agreed ${c}`])),
      },
      values: {
        ':batch': new Set([batchKey(batch)]),
        ':key': batchKey(batch),
        ':schools': counts.schools,
        ':changes': counts.changes,
        ':overridden': counts.overridden,
        ':undecided': counts.undecided,
        ...Object.fromEntries(categories.map(([, n], i) => [`:c${i}`, n])),
      },
    },
  );
  return round !== undefined;
}

/** The term's agreed categories, counted batch by batch, with how many batches were counted. */
export async function agreedTally(
  term: string,
  categories: readonly string[],
): Promise<
  | {
      batches: number;
      schools: number;
      changes: number;
      overridden: number;
      undecided: number;
      categories: Record<string, number>;
    }
  | undefined
> {
  const round = await loadModerationRound(term);
  if (!round) return undefined;
  return {
    batches: round.agreedBatches?.size ?? 0,
    schools: round.agreedSchools ?? 0,
    changes: round.agreedChanges ?? 0,
    overridden: round.agreedOverridden ?? 0,
    undecided: round.agreedUndecided ?? 0,
    categories: Object.fromEntries(categories.map((c) => [c, round[`agreed ${c}`] ?? 0])),
  };
}

export function loadModerationRound(term: string): Promise<ModerationRound | undefined> {
  return getItem<ModerationRound>(tableName('moderation'), { term, district: AAG_ROUND });
}

/**
 * Opens the term's round, replacing a previous run's: its answers are counted afresh (stored decisions are offered
 * again).
 */
export function openModerationRound(round: Omit<ModerationRound, 'district' | 'answered' | 'closedAt'>): Promise<void> {
  return putItem(tableName('moderation'), { ...round, district: AAG_ROUND });
}

/**
 * Counts a district's decisions toward the term's round, if it is still open: the district joins the round's set
 * of answers (a second count of the same district changes nothing). Undefined if there is no open round: the
 * apply stage has closed it, and the decisions are too late.
 */
export async function countAagAnswer(
  term: string,
  district: string,
): Promise<{ answered: number; districts: number; taskToken: string; executionId?: string } | undefined> {
  const round = await updateReturning<ModerationRound>(
    tableName('moderation'),
    { term, district: AAG_ROUND },
    {
      expression: 'ADD #answered :district',
      condition: 'attribute_exists(#token) AND attribute_not_exists(#closed)',
      names: { '#answered': 'answered', '#token': 'taskToken', '#closed': 'closedAt' },
      values: { ':district': new Set([district]) },
    },
  );
  return round
    ? {
        answered: round.answered?.size ?? 0,
        districts: round.districts,
        taskToken: round.taskToken,
        ...(round.executionId ? { executionId: round.executionId } : {}),
      }
    : undefined;
}

/**
 * Closes the term's round and returns the districts whose decisions were counted in it, in one write, so that
 * none is both counted and too late. Closing again (a retried apply stage) returns the same districts.
 */
export async function closeModerationRound(
  term: string,
  at: string,
): Promise<{ answered: string[]; districts: number }> {
  const round = await updateReturning<ModerationRound>(
    tableName('moderation'),
    { term, district: AAG_ROUND },
    {
      expression: 'SET #closed = if_not_exists(#closed, :at)',
      condition: 'attribute_exists(#token)',
      names: { '#closed': 'closedAt', '#token': 'taskToken' },
      values: { ':at': at },
    },
  );
  return { answered: [...(round?.answered ?? [])].sort(), districts: round?.districts ?? 0 };
}

/** A district's request to its AAG, with the notices its members have been sent for it (aag-notices.ts). */
export interface AagRequestRecord extends ModerationRecord {
  /**
   * The notices sent for this request: each kind once every member was sent it (`proposals ready`), and each
   * member's (`proposals ready#<address hash>`), so that no one is sent a notice twice.
   */
  noticesSent?: Set<string>;
}

/**
 * Every round of AAG moderation not yet closed, with its districts' requests (those of the run that opened it): what
 * the AAGs' notices are about. The moderation table holds a few items a district a term, so reading it whole is small.
 */
export async function openAagRounds(): Promise<{ round: ModerationRound; requests: AagRequestRecord[] }[]> {
  const rounds = await scanWhere<ModerationRound>(tableName('moderation'), {
    condition: '#district = :round AND attribute_exists(#token) AND attribute_not_exists(#closed)',
    names: { '#district': 'district', '#token': 'taskToken', '#closed': 'closedAt' },
    values: { ':round': AAG_ROUND },
  });
  return Promise.all(
    rounds.map(async (round) => ({
      round,
      requests: (await queryPartition<AagRequestRecord>(tableName('moderation'), 'term', round.term)).filter(
        (r) => r.district !== AAG_ROUND && r.requestedAt === round.requestedAt && typeof r.proposals === 'string',
      ),
    })),
  );
}

/**
 * Marks a notice as sent for a district's request (`mark`: a kind, or a kind and a member's address hash), if this
 * request is still the district's and it was not marked before: true if this call marked it. Marked before it is
 * sent, so that a retry, a second invocation or a rerun of the schedule never sends it again.
 */
export async function markAagNotice(
  term: string,
  district: string,
  requestedAt: string,
  mark: string,
): Promise<boolean> {
  const item = await updateReturning(
    tableName('moderation'),
    { term, district },
    {
      expression: 'ADD #sent :mark',
      condition: '#at = :at AND NOT contains(#sent, :name)',
      names: { '#sent': 'noticesSent', '#at': 'requestedAt' },
      values: { ':mark': new Set([mark]), ':name': mark, ':at': requestedAt },
    },
  );
  return item !== undefined;
}

/** Takes a member's mark off again: their notice was not sent (SES refused for now), and the next try sends it. */
export async function unmarkAagNotice(term: string, district: string, mark: string): Promise<void> {
  await updateReturning(
    tableName('moderation'),
    { term, district },
    { expression: 'DELETE #sent :mark', names: { '#sent': 'noticesSent' }, values: { ':mark': new Set([mark]) } },
  );
}

/** The AAGs' stored decisions for these districts in the term (those that put any in). */
export async function loadAagDecisionsOf(term: string, districts: readonly string[]): Promise<StoredDecisions[]> {
  const items = await batchGet(
    tableName('aagDecisions'),
    districts.map((district) => ({ district, term })),
  );
  return items.map((item) => storedDecisionsSchema.parse(item));
}

/**
 * The ECB's answer on the term's warning notices, as npm run ecb-decisions stored it with the cycle's request
 * (undefined if none is stored).
 */
export async function loadEcbNoticeAnswer(term: string): Promise<EcbNoticeAnswer | undefined> {
  const request = await getItem<{ answer?: unknown }>(tableName('moderation'), { term, district: ECB_NOTICES });
  return request?.answer === undefined ? undefined : ecbNoticeAnswerSchema.parse(request.answer);
}

/** The ECB's decisions on the term's warning notices that could not be applied, as recorded with its request. */
export async function ecbNoticeProblems(term: string): Promise<{ shown: string[]; count: number }> {
  return problemsShown(
    await getItem<{ problems?: string[]; problemCount?: number }>(tableName('moderation'), {
      term,
      district: ECB_NOTICES,
    }),
  );
}

/**
 * Records on the term's request to the ECB the decisions that could not be applied (the first MAX_PROBLEMS_KEPT), and
 * how many.
 */
export function recordEcbNoticeProblems(term: string, problems: readonly string[]): Promise<void> {
  return updateItem(tableName('moderation'), { term, district: ECB_NOTICES }, keptProblems(problems));
}

export function loadModerationRequest(term: string, district: string): Promise<ModerationRecord | undefined> {
  return getItem<ModerationRecord>(tableName('moderation'), { term, district });
}

/** Marks an AAG's stored decisions as passed to the cycle (or too late for it), so they are passed on once. */
export function markAagDecisionsReceived(
  term: string,
  district: string,
  received: 'in time' | 'too late',
  at: string,
): Promise<void> {
  return updateItem(tableName('aagDecisions'), { district, term }, { received, receivedAt: at });
}

/**
 * A rerun of the term asks the AAG again: decisions it already put in for the term are passed to the new run
 * (marking them offered again sends them down the table's stream again), so an AAG that has decided is not
 * asked twice. False if the AAG has put none in for the term.
 */
export function reofferAagDecisions(term: string, district: string, at: string): Promise<boolean> {
  return updateIf(
    tableName('aagDecisions'),
    { district, term },
    { offeredAt: at },
    { condition: 'attribute_exists(#district)', names: { '#district': 'district' } },
  );
}

/** Marks a district's moderation request with what became of the AAG's answer (for the report and operators). */
export function recordModerationAnswer(term: string, district: string, outcome: string, at: string): Promise<void> {
  return updateItem(tableName('moderation'), { term, district }, { outcome, answeredAt: at });
}

export function loadAssessments(term: string, batch?: SchoolBatch): Promise<Assessment[]> {
  return queryPartition<Assessment>(tableName('assessments'), 'term', term, { range: batchRange(batch, 'urn') });
}

export function saveSupport(term: string, support: readonly BrokeredSupport[]): Promise<void> {
  return replacePartition(tableName('support'), { partition: 'term', sort: 'urn' }, term, support as unknown as Item[]);
}

export function loadSupport(term: string, batch?: SchoolBatch): Promise<BrokeredSupport[]> {
  return queryPartition<BrokeredSupport>(tableName('support'), 'term', term, { range: batchRange(batch, 'urn') });
}

/** The term's warning notices, or one batch's, replacing what an earlier run of the term left in its range. */
export function saveWarningNotices(
  term: string,
  notices: readonly WarningNotice[],
  batch?: SchoolBatch,
): Promise<void> {
  return replacePartition(
    tableName('warningNotices'),
    { partition: 'term', sort: 'urn' },
    term,
    notices as unknown as Item[],
    batch,
  );
}

export function loadWarningNotices(term: string, batch?: SchoolBatch): Promise<WarningNotice[]> {
  return queryPartition<WarningNotice>(tableName('warningNotices'), 'term', term, { range: batchRange(batch, 'urn') });
}

/** A term's figures as its report counted them (functions/core/reporting/term-figures.ts): an item for each scope. */
export function loadTermFigures(term: string): Promise<ScopeFigures[]> {
  return queryPartition<ScopeFigures>(tableName('termFigures'), 'term', term);
}

/** Keeps a term's figures, replacing those an earlier run of the term kept (an area it no longer has goes). */
export function saveTermFigures(term: string, figures: readonly ScopeFigures[]): Promise<void> {
  return replacePartition(
    tableName('termFigures'),
    { partition: 'term', sort: 'scope' },
    term,
    figures as unknown as Item[],
  );
}

/** Some scopes' kept figures in some terms (each a term and a scope, read by BatchGetItem): those found. */
export function loadScopeFigures(terms: readonly string[], scopes: readonly string[]): Promise<ScopeFigures[]> {
  return batchGet<ScopeFigures>(
    tableName('termFigures'),
    terms.flatMap((term) => scopes.map((scope) => ({ term, scope }))),
  );
}

/**
 * How long a run's area lines and batch sums are kept: the same run's next steps read them, minutes after they
 * are written (no wait for the AAGs or the ECB lies between), and nothing reads them again. DynamoDB's time to live
 * then removes them (lib/cycle-tables.ts), so a copy of every school's lines is not kept for good, term after term.
 */
export const WORKING_COPY_SECONDS = 7 * 24 * 60 * 60;

/** Items stamped to expire (`expiresAt`) WORKING_COPY_SECONDS from now. */
const expiring = (items: readonly object[]): Item[] => {
  const expiresAt = expiresIn(WORKING_COPY_SECONDS);
  return items.map((item) => ({ ...item, expiresAt }));
};

/** Each school's lines in its area's report, as a batch of schools gathers them. */
export function saveAreaLines(lines: readonly AreaLine[]): Promise<void> {
  return putAll(tableName('areaLines'), expiring(lines));
}

/**
 * The lines of a batch of areas that a run gathered (a line an earlier run left for a school since moved to another
 * area is not its).
 */
export function loadAreaLines(term: string, run: string, batch: AreaBatch): Promise<AreaLine[]> {
  return queryPartition<AreaLine>(tableName('areaLines'), 'term', term, {
    range: { sortKey: 'line', ...batch },
    filter: { condition: '#run = :run', names: { '#run': 'run' }, values: { ':run': run } },
  });
}

/** A batch's sums towards the term's figures, an item for each scope (functions/core/reporting/term-figures.ts). */
export function saveBatchSums(sums: readonly BatchSums[]): Promise<void> {
  return putAll(tableName('batchSums'), expiring(sums));
}

/**
 * The sums a run's batches counted (a batch an earlier run planned otherwise left its own, which are not this run's).
 */
export function loadBatchSums(term: string, run: string): Promise<BatchSums[]> {
  return queryPartition<BatchSums>(tableName('batchSums'), 'term', term, {
    filter: { condition: '#run = :run', names: { '#run': 'run' }, values: { ':run': run } },
  });
}

/**
 * The term's figures for measures from elsewhere (the measure-figures sheet): their keys begin "measure#", after every
 * URN's.
 */
export async function loadMeasureFigures(term: string): Promise<MeasureFigure[]> {
  const items = await queryPartition<EvidenceRecord>(tableName('evidence'), 'term', term, {
    range: { sortKey: 'evidenceId', from: 'measure#', to: 'measure$' },
  });
  return items.flatMap((item) => (item.kind === 'measure-figure' ? [item.figure] : []));
}

export function saveTaskGroups(term: string, groups: readonly TaskGroup[]): Promise<void> {
  return replacePartition(
    tableName('taskGroups'),
    { partition: 'term', sort: 'urn' },
    term,
    groups as unknown as Item[],
  );
}

export function loadTaskGroups(term: string, batch?: SchoolBatch): Promise<TaskGroup[]> {
  return queryPartition<TaskGroup>(tableName('taskGroups'), 'term', term, { range: batchRange(batch, 'urn') });
}

export interface CycleRun {
  term: string;
  startedAt: string;
  status: 'succeeded' | 'failed' | 'stopped' | 'timed out';
  finishedAt: string;
  /** The execution that ran it (its ARN on AWS), where known: the team follows its stages in the portal. */
  executionId?: string;
  /** For a failed run: the stage that failed. */
  stage?: string;
  error?: string;
  cause?: string;
  summary?: unknown;
}

/** The term an execution holds the claim on, if it holds one (the cycle-runs table is one item per run: small). */
export async function termClaimedBy(executionId: string): Promise<string | undefined> {
  const claims = await scanWhere<{ term: string }>(tableName('cycleRuns'), {
    condition: '#s = :p AND #e = :e',
    names: { '#s': 'startedAt', '#e': 'executionId' },
    values: { ':p': RUN_IN_PROGRESS, ':e': executionId },
  });
  return claims[0]?.term;
}

/** Every term with a succeeded run, in time order. */
export async function termsRun(): Promise<string[]> {
  return (await cycleRunTerms()).succeeded;
}

/** Every run of a term recorded so far (and its claim, while one is running). */
export async function loadRuns(term: string): Promise<CycleRun[]> {
  return (await queryPartition<CycleRun>(tableName('cycleRuns'), 'term', term)).filter(
    (r) => r.startedAt !== AUDIT_TRAIL_KEYED,
  );
}

/**
 * The cycle-runs item (its sort key) that says every audit entry of its term about a school carries the audit
 * trail's index key (functions/adapters/audit-trail.ts). Data intake puts it when a term is first run, before any
 * entry of the term is written; a term an earlier version ran (its claim or its record there already, its entries
 * without the key) never gets one, and its schools' trails are read a school at a time.
 */
export const AUDIT_TRAIL_KEYED = 'audit trail keyed';

/** Marks a term being run for the first time as keyed; says whether the term is (a term run before may not be). */
export async function markAuditTrailKeyed(term: string): Promise<boolean> {
  const table = tableName('cycleRuns');
  const items = await queryPartition<{ startedAt: string }>(table, 'term', term, { projection: ['startedAt'] });
  if (items.some((item) => item.startedAt === AUDIT_TRAIL_KEYED)) return true;
  if (items.length > 0) return false;
  await putItem(table, { term, startedAt: AUDIT_TRAIL_KEYED });
  return true;
}

/** A term the cycle-runs table knows (run, running or marked), and whether its audit trail is keyed. */
export interface AuditTrailTerm {
  term: string;
  keyed: boolean;
}

/**
 * The terms the cycle-runs table knows, from one scan of it (an item a run: small): those with a succeeded run, and
 * every term there (run, running or marked) with whether its audit trail is keyed; each in time order.
 */
export async function cycleRunTerms(): Promise<{ succeeded: string[]; auditTrail: AuditTrailTerm[] }> {
  const items = await scanWhere<{ term: string; startedAt: string; status?: string }>(tableName('cycleRuns'), {
    condition: 'attribute_exists(#term)',
    names: { '#term': 'term' },
  });
  const keyed = new Map<string, boolean>();
  for (const item of items)
    keyed.set(item.term, (keyed.get(item.term) ?? false) || item.startedAt === AUDIT_TRAIL_KEYED);
  const inTimeOrder = (terms: Iterable<string>) =>
    [...terms].sort((a, b) => termSortKey(a).localeCompare(termSortKey(b)));
  return {
    succeeded: inTimeOrder(new Set(items.filter((item) => item.status === 'succeeded').map((item) => item.term))),
    auditTrail: inTimeOrder(keyed.keys()).map((term) => ({ term, keyed: keyed.get(term)! })),
  };
}

export function recordRun(run: CycleRun): Promise<void> {
  return putItem(tableName('cycleRuns'), run as unknown as Item);
}

/** The cycle-runs item that says a term is being run (its sort key), one per term. */
export const RUN_IN_PROGRESS = 'in progress';

export class TermAlreadyRunning extends Error {
  override readonly name = 'TermAlreadyRunning';
}

/**
 * Claims the term for this execution, so that two runs of one term (the schedule and a manual start, or a rerun
 * while another is still going) never interleave their writes. A claim lasts as long as an execution may
 * (`holdSeconds`) unless released; the same execution may claim again (a retried intake).
 */
export async function claimTermRun(
  term: string,
  executionId: string,
  startedAt: string,
  now: Date,
  holdSeconds: number,
): Promise<void> {
  const table = tableName('cycleRuns');
  const item = {
    term,
    startedAt: RUN_IN_PROGRESS,
    executionId,
    executionStartedAt: startedAt,
    heldUntil: new Date(now.getTime() + holdSeconds * 1000).toISOString(),
  };
  const claimed = await putIf(table, item, {
    condition: 'attribute_not_exists(#term) OR #executionId = :me OR #heldUntil < :now',
    names: { '#term': 'term', '#executionId': 'executionId', '#heldUntil': 'heldUntil' },
    values: { ':me': executionId, ':now': now.toISOString() },
  });
  if (claimed) return;
  const holder = await getItem<typeof item>(table, { term, startedAt: RUN_IN_PROGRESS });
  throw new TermAlreadyRunning(
    `${term} is already being run${holder ? ` (execution ${holder.executionId}, started ${holder.executionStartedAt})` : ''}: a second run at the same time would interleave its writes with the first's. Wait for it to finish, or stop it, and then run the term again.`,
  );
}

/** Gives the term back when this execution ends, succeeded or failed; never another execution's claim. */
export async function releaseTermRun(term: string, executionId: string): Promise<void> {
  await deleteIf(
    tableName('cycleRuns'),
    { term, startedAt: RUN_IN_PROGRESS },
    { condition: '#executionId = :me', names: { '#executionId': 'executionId' }, values: { ':me': executionId } },
  );
}
