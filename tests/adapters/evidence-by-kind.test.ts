/**
 * The whole term's evidence of some kinds (brokering's inspections, task groups' reports, reporting's intelligence
 * and visit notes) comes from the evidence table's index by term and kind, without reading the performance figures;
 * a term stored before the index, whose items carry no key, is read from the table as before. DynamoDB's answers
 * are given here; tests/e2e reads the index in DynamoDB Local.
 */
import { BatchWriteCommand, type QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  EVIDENCE_BY_KIND,
  type EvidenceRecord,
  loadEvidence,
  saveIntakeBatch,
} from '../../functions/adapters/cycle-store';
import { documentClient, resetDocumentClient } from '../../functions/adapters/dynamo';

const TERM = '2027-spring';
const inspection = (urn: string) => ({
  term: TERM,
  evidenceId: `${urn}#inspection#00000`,
  urn,
  kind: 'inspection',
  kindKey: `${TERM}#inspection`,
  inspection: { urn, startDate: '2025-01-01' },
});
const report = (urn: string) => ({
  term: TERM,
  evidenceId: `${urn}#task-group-report#00000`,
  urn,
  kind: 'task-group-report',
  kindKey: `${TERM}#task-group-report`,
  report: { urn, term: '2026-autumn' },
});

/**
 * Answers each query from `partitions` (by the index's key, or the table's term with its filter), and keeps what was
 * asked.
 */
function answer(partitions: { byKind: Record<string, unknown[]>; table: unknown[] }) {
  const asked: QueryCommandInput[] = [];
  vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
    const input = (command as QueryCommand).input;
    asked.push(input);
    if (input.IndexName === EVIDENCE_BY_KIND) {
      const {
        ':pk': pk,
        ':from': from,
        ':to': to,
      } = input.ExpressionAttributeValues as Record<string, string | undefined>;
      // A batch's range of the index's sort key, the evidence's own (BETWEEN includes both ends).
      const items = (partitions.byKind[pk!] ?? []).filter(
        (i: unknown) =>
          (from === undefined || (i as { evidenceId: string }).evidenceId >= from) &&
          (to === undefined || (i as { evidenceId: string }).evidenceId <= to),
      );
      return { Items: input.Limit ? items.slice(0, input.Limit) : items };
    }
    return { Items: partitions.table };
  }) as never);
  return asked;
}

beforeEach(() => {
  vi.stubEnv('EVIDENCE_TABLE', 'evidence');
  vi.stubEnv('SCHOOLS_TABLE', 'schools');
  vi.stubEnv('CATEGORY_HISTORY_TABLE', 'categoryHistory');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  resetDocumentClient();
});

describe("the term's evidence by kind", () => {
  it('queries the index for each kind asked, and never the table', async () => {
    const asked = answer({
      byKind: { [`${TERM}#inspection`]: [inspection('100001'), inspection('100002')], [`${TERM}#tsc-response`]: [] },
      table: [],
    });
    const evidence = await loadEvidence(TERM, { kinds: ['inspection', 'tsc-response'] });
    expect(evidence.inspections.map((i) => i.urn)).toEqual(['100001', '100002']);
    expect(evidence.tscResponses).toEqual([]);
    expect(asked.map((q) => [q.IndexName, q.ExpressionAttributeValues![':pk']]).sort()).toEqual([
      [EVIDENCE_BY_KIND, `${TERM}#inspection`],
      [EVIDENCE_BY_KIND, `${TERM}#tsc-response`],
    ]);
  });

  it('finds no task-group reports in a term stored with the index without reading the table: the index has its inspections', async () => {
    const asked = answer({ byKind: { [`${TERM}#inspection`]: [inspection('100001')] }, table: [report('100009')] });
    const evidence = await loadEvidence(TERM, { kinds: ['task-group-report'] });
    expect(evidence.taskGroupReports).toEqual([]);
    expect(asked.every((q) => q.IndexName === EVIDENCE_BY_KIND)).toBe(true);
    expect(asked.find((q) => q.ExpressionAttributeValues![':pk'] === `${TERM}#inspection`)?.Limit).toBe(1);
  });

  it('reads a term stored before the index (nothing of it in the index) from the table, filtered to the kinds asked', async () => {
    const { kindKey: _, ...unindexed } = report('100009');
    const asked = answer({ byKind: {}, table: [unindexed] });
    const evidence = await loadEvidence(TERM, { kinds: ['task-group-report'] });
    expect(evidence.taskGroupReports.map((r) => r.urn)).toEqual(['100009']);
    const tableQuery = asked.find((q) => q.IndexName === undefined);
    expect(tableQuery?.FilterExpression).toBe('#kind IN (:kind0)');
    expect(tableQuery?.ExpressionAttributeValues).toMatchObject({ ':pk': TERM, ':kind0': 'task-group-report' });
  });

  it("reads a batch's evidence of indexed kinds from the index, over the batch's range of keys", async () => {
    const asked = answer({
      byKind: { [`${TERM}#visit-note`]: [{ ...report('100003'), kind: 'visit-note', note: { urn: '100003' } }] },
      table: [],
    });
    const evidence = await loadEvidence(TERM, { batch: { from: '100001', to: '100005' }, kinds: ['visit-note'] });
    expect(evidence.visitNotes.map((n) => n.urn)).toEqual(['100003']);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({
      IndexName: EVIDENCE_BY_KIND,
      KeyConditionExpression: '#pk = :pk AND #sk BETWEEN :from AND :to',
      ExpressionAttributeNames: { '#pk': 'kindKey', '#sk': 'evidenceId' },
      ExpressionAttributeValues: { ':pk': `${TERM}#visit-note`, ':from': '100001', ':to': '100005' },
    });
  });

  it("finds none in a batch of a term stored with the index by the term's inspections, not by the batch's", async () => {
    const asked = answer({ byKind: { [`${TERM}#inspection`]: [inspection('100009')] }, table: [report('100002')] });
    const evidence = await loadEvidence(TERM, {
      batch: { from: '100001', to: '100005' },
      kinds: ['inspection', 'task-group-report'],
    });
    expect(evidence.taskGroupReports).toEqual([]);
    expect(asked.every((q) => q.IndexName === EVIDENCE_BY_KIND)).toBe(true);
    expect(asked.find((q) => q.Limit === 1)?.KeyConditionExpression).toBe('#pk = :pk');
  });

  it('reads kinds the index does not hold (the performance figures) from the table, for the term or a batch', async () => {
    const asked = answer({ byKind: {}, table: [] });
    await loadEvidence(TERM, { kinds: ['inspection', 'performance'] });
    await loadEvidence(TERM, { batch: { from: '100001', to: '100005' }, kinds: ['visit-note', 'performance'] });
    await loadEvidence(TERM, { batch: { from: '100001', to: '100005' } });
    expect(asked.map((q) => q.IndexName)).toEqual([undefined, undefined, undefined]);
  });

  it('stores each piece of evidence of an indexed kind with its key in the index, and the performance and measure figures without one', async () => {
    const written: Record<string, unknown>[] = [];
    vi.spyOn(documentClient(), 'send').mockImplementation((async (command: unknown) => {
      if (command instanceof BatchWriteCommand)
        written.push(...(command.input.RequestItems!.evidence ?? []).map((r) => r.PutRequest!.Item!));
      return { Items: [] };
    }) as never);
    const piece = (kind: string, field: string): EvidenceRecord =>
      ({
        term: TERM,
        evidenceId: `100001#${kind}#00000`,
        urn: '100001',
        kind,
        [field]: {},
      }) as unknown as EvidenceRecord;
    const evidence = [
      piece('inspection', 'inspection'),
      piece('intelligence', 'intelligence'),
      piece('task-group-report', 'report'),
      piece('visit-note', 'note'),
      piece('tsc-response', 'response'),
      piece('performance', 'performance'),
      { ...piece('measure-figure', 'figure'), evidenceId: 'measure#m#00000', urn: '' },
    ];
    await saveIntakeBatch(TERM, {}, { schools: [], evidence, baseline: [] });
    expect(written.map((i) => `${String(i.kind)} ${String(i.kindKey)}`).sort()).toEqual([
      `inspection ${TERM}#inspection`,
      `intelligence ${TERM}#intelligence`,
      'measure-figure undefined',
      'performance undefined',
      `task-group-report ${TERM}#task-group-report`,
      `tsc-response ${TERM}#tsc-response`,
      `visit-note ${TERM}#visit-note`,
    ]);
  });
});
