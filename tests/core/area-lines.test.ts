import { describe, expect, it } from 'vitest';
import { latestInspection } from '../../functions/core/assessment/categorisation';
import { planBatches } from '../../functions/core/batches';
import { groupByUrn } from '../../functions/core/collections';
import { areaLineKey, areaLinesOf, areaListsOf, type BatchForAreas } from '../../functions/core/reporting/area-lines';
import type { VisitsInTerm } from '../../functions/core/reporting/visits';
import { inBatch, intel, school, singleWord } from '../builders';

/** Something of a school's, marked so that which one went where can be seen. */
const of = <T>(urn: string, mark: string) => ({ urn, mark }) as unknown as T;

// Eight schools in two areas, their URNs interleaved, so each batch of URNs holds both areas' schools.
const SCHOOLS = ['100001', '100002', '100003', '100004', '100005', '100006', '100007', '100008'].map((urn, i) =>
  school({ urn, district: i % 3 === 0 ? 'Riverton' : 'Ashdown' }),
);
const areaOf = new Map(SCHOOLS.map((s) => [s.urn, s.district]));
const some = (every: number) => SCHOOLS.filter((_, i) => i % every === 0).map((s) => s.urn);
const WHOLE: BatchForAreas = {
  term: '2027-spring',
  run: '2027-01-05T09:00:00.000Z',
  schools: SCHOOLS,
  assessments: SCHOOLS.map((s) => of(s.urn, 'assessment')),
  support: some(2).map((urn) => of(urn, 'support')),
  taskGroups: some(2).map((urn) => of(urn, 'task group')),
  notices: some(3).map((urn) => of(urn, 'notice')),
  // Two records for one school, and a record that is not about a warning notice (left out).
  intelligence: [
    intel('100002', 'warning notice', '2026-01-10', 'issued'),
    intel('100002', 'warning notice', '2026-07-10', 'withdrawn'),
    intel('100003', 'new headteacher', '2026-09-01', 'in post'),
  ],
  // As the store gives them, by URN (a school's evidence is keyed by its URN first): 100004 inspected twice.
  inspections: SCHOOLS.flatMap((s) =>
    s.urn === '100004'
      ? [singleWord(s.urn, 3, '2019-03-14'), singleWord(s.urn, 2, '2023-05-10')]
      : [singleWord(s.urn, 2)],
  ),
  // The authority's report lists them most missed first.
  visits: [of<VisitsInTerm>('100008', 'v'), of<VisitsInTerm>('100001', 'v'), of<VisitsInTerm>('100005', 'v')].map(
    (v, i) => ({ ...v, missed: 2 - i }),
  ),
  lettersToFollowUp: [of('100005', 'bounced'), of('100007', 'rejected')],
  missingContacts: [of('100004', 'chair of governors'), of('100004', 'headteacher')],
};

/** A batch's share of each list: the schools (and their things) whose URNs fall in the range. */
function share(batch: { from?: string; to?: string }): BatchForAreas {
  const inIt = (x: { urn: string }) => inBatch(x.urn, batch);
  return {
    ...WHOLE,
    schools: WHOLE.schools.filter(inIt),
    assessments: WHOLE.assessments.filter(inIt),
    support: WHOLE.support.filter(inIt),
    taskGroups: WHOLE.taskGroups.filter(inIt),
    notices: WHOLE.notices.filter(inIt),
    intelligence: WHOLE.intelligence.filter(inIt),
    inspections: WHOLE.inspections.filter(inIt),
    visits: WHOLE.visits.filter(inIt),
    lettersToFollowUp: WHOLE.lettersToFollowUp.filter(inIt),
    missingContacts: WHOLE.missingContacts.filter(inIt),
  };
}

describe("each school's lines in its AAG area's report", () => {
  it("gives each area, from lines gathered in any batches and read in any order, the lists the authority's would give it", () => {
    const lines = planBatches(
      SCHOOLS.map((s) => s.urn),
      3,
    )
      .flatMap((batch) => areaLinesOf(share(batch)))
      .reverse();
    expect(lines).toHaveLength(8);
    const areas = areaListsOf(lines);
    expect([...areas.keys()]).toEqual(['Ashdown', 'Riverton']);
    for (const [area, own] of areas) {
      const inArea = <T extends { urn: string }>(list: readonly T[]) => list.filter((x) => areaOf.get(x.urn) === area);
      expect(own).toEqual({
        schools: inArea(WHOLE.schools),
        assessments: inArea(WHOLE.assessments),
        support: inArea(WHOLE.support),
        taskGroups: inArea(WHOLE.taskGroups),
        notices: inArea(WHOLE.notices),
        warningNoticeRecords: inArea(WHOLE.intelligence.filter((i) => i.type === 'warning notice')),
        // Each school's latest graded inspection or report card only: what the chart of the area's Ofsted outcomes
        // counts.
        inspections: inArea(
          [...groupByUrn(WHOLE.inspections).values()].flatMap((own) => latestInspection(own) ?? []),
        ).sort((a, b) => a.urn.localeCompare(b.urn)),
        visits: inArea(WHOLE.visits),
        lettersToFollowUp: inArea(WHOLE.lettersToFollowUp),
        missingContacts: inArea(WHOLE.missingContacts),
      });
    }
    expect(areas.get('Ashdown')!.warningNoticeRecords).toHaveLength(2);
    expect(areas.get('Ashdown')!.visits.map((v) => v.urn)).toEqual(['100008', '100005']);
    expect(
      areas
        .get('Riverton')!
        .inspections.filter((i) => i.urn === '100004')
        .map((i) => i.startDate),
    ).toEqual(['2023-05-10']);
  });

  it('keys each line by its area then its URN, and records the run that gathered it', () => {
    const [line] = areaLinesOf(share({ to: '100002' }));
    expect(line).toMatchObject({
      term: '2027-spring',
      line: areaLineKey('Riverton', '100001'),
      run: WHOLE.run,
      area: 'Riverton',
      urn: '100001',
    });
    expect(line!.support).toEqual(of('100001', 'support'));
    expect(areaLineKey('Ashdown', '100001') < areaLineKey('Ashdown East', '100001')).toBe(true);
  });
});
