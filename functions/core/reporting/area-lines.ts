/**
 * Each school's lines in its AAG area's report: what the report shows of it, and no more (its measures, and the
 * area's yearly figures, are counted with the term's figures). The area reports are written a batch of areas at a time,
 * and an
 * area's schools are scattered over the batches of schools (ranges of URNs); so each batch of schools, as its pages
 * are written, also gathers what its schools bring to their area's report, one item a school keyed by area then
 * URN, and a batch of areas reads its areas' lines as one range of keys. Neither reads the whole term.
 */

import { latestInspection } from '../assessment/categorisation';
import { slugOf } from '../assessment/moderation';
import { groupBy, groupByUrn, groupByUrn as inspectionsByUrn } from '../collections';
import type { WarningNotice } from '../intervention/warning-notices';
import type { BrokeredSupport } from '../support/brokering';
import type { TaskGroup } from '../support/task-groups';
import type { Assessment, Inspection, Intelligence, School } from '../types';
import type { LetterToFollowUp, MissingContact } from './report';
import type { VisitsInTerm } from './visits';

/** Where an AAG area's report is, among the term's reports. */
export const areaReportPath = (area: string) => `aag/${slugOf(area)}.html`;

/**
 * Between an area's name and a URN in a line's key: the ASCII unit separator, below every character a name has,
 * so the keys sort by area and then URN, and the areas from one name up to another are one range of keys.
 */
const AREA_SEPARATOR = '\u001f';

export const areaLineKey = (area: string, urn: string) => `${area}${AREA_SEPARATOR}${urn}`;

/** One school's lines in its area's report. */
export interface AreaLine {
  term: string;
  /** areaLineKey(area, urn). */
  line: string;
  /**
   * The run that wrote it (its start): a batch of areas reads only its own run's, so a school a rerun moved to another
   * area is not in both.
   */
  run: string;
  area: string;
  urn: string;
  school: School;
  assessment?: Assessment;
  support?: BrokeredSupport;
  taskGroup?: TaskGroup;
  notice?: WarningNotice;
  /** The authority's own records of formal warning notices (its intelligence sheet). */
  warningNoticeRecords: Intelligence[];
  /**
   * Its latest inspection, for the chart of the area's Ofsted outcomes (its measures are counted with the term's
   * figures).
   */
  /** The school's latest graded inspection or report card: what its standing (good or better, or not) rests on. */
  judgingInspection?: Inspection;
  /** Last term's visits, planned and done, where it had any. */
  visits?: VisitsInTerm;
  lettersToFollowUp: LetterToFollowUp[];
  missingContacts: MissingContact[];
}

/** What a batch of schools holds for the area reports: each list any order, each item with its school's URN. */
export interface BatchForAreas {
  term: string;
  run: string;
  schools: readonly School[];
  assessments: readonly Assessment[];
  support: readonly BrokeredSupport[];
  taskGroups: readonly TaskGroup[];
  notices: readonly WarningNotice[];
  intelligence: readonly Intelligence[];
  inspections: readonly Inspection[];
  visits: readonly VisitsInTerm[];
  lettersToFollowUp: readonly LetterToFollowUp[];
  missingContacts: readonly MissingContact[];
}

/** Each school's line, with what is its own from every list. */
export function areaLinesOf(batch: BatchForAreas): AreaLine[] {
  const one = <T extends { urn: string }>(list: readonly T[]) => new Map(list.map((x) => [x.urn, x]));
  const [assessmentOf, supportOf, groupOf, noticeOf, visitsOf] = [
    one(batch.assessments),
    one(batch.support),
    one(batch.taskGroups),
    one(batch.notices),
    one(batch.visits),
  ];
  const inspectionsOf = inspectionsByUrn(batch.inspections);
  const [recordsOf, followUpOf, missingOf] = [
    groupByUrn(batch.intelligence.filter((i) => i.type === 'warning notice')),
    groupByUrn(batch.lettersToFollowUp),
    groupByUrn(batch.missingContacts),
  ];
  return batch.schools.map((school): AreaLine => {
    const urn = school.urn;
    const [assessment, support, taskGroup, notice, visits, judgingInspection] = [
      assessmentOf.get(urn),
      supportOf.get(urn),
      groupOf.get(urn),
      noticeOf.get(urn),
      visitsOf.get(urn),
      latestInspection(inspectionsOf.get(urn) ?? []),
    ];
    return {
      term: batch.term,
      line: areaLineKey(school.district, urn),
      run: batch.run,
      area: school.district,
      urn,
      school,
      ...(assessment ? { assessment } : {}),
      ...(support ? { support } : {}),
      ...(taskGroup ? { taskGroup } : {}),
      ...(notice ? { notice } : {}),
      warningNoticeRecords: recordsOf.get(urn) ?? [],
      ...(judgingInspection ? { judgingInspection } : {}),
      ...(visits ? { visits } : {}),
      lettersToFollowUp: followUpOf.get(urn) ?? [],
      missingContacts: missingOf.get(urn) ?? [],
    };
  });
}

/**
 * An area's lists for its report, in the order the authority's report has them: schools by URN, visits most missed
 * first.
 */
export interface AreaLists {
  schools: School[];
  assessments: Assessment[];
  support: BrokeredSupport[];
  taskGroups: TaskGroup[];
  notices: WarningNotice[];
  warningNoticeRecords: Intelligence[];
  /** Each school's latest inspection. */
  inspections: Inspection[];
  visits: VisitsInTerm[];
  lettersToFollowUp: LetterToFollowUp[];
  missingContacts: MissingContact[];
}

/** Each area's lists, from its schools' lines (any order), the areas by name. */
export function areaListsOf(lines: readonly AreaLine[]): Map<string, AreaLists> {
  const sorted = [...lines].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  const byArea = groupBy(sorted, (l) => l.area);
  return new Map(
    [...byArea.keys()].sort().map((area) => {
      const own = byArea.get(area)!;
      const present = <T>(pick: (l: AreaLine) => T | undefined) =>
        own.flatMap((l) => {
          const x = pick(l);
          return x === undefined ? [] : [x];
        });
      return [
        area,
        {
          schools: own.map((l) => l.school),
          assessments: present((l) => l.assessment),
          support: present((l) => l.support),
          taskGroups: present((l) => l.taskGroup),
          notices: present((l) => l.notice),
          warningNoticeRecords: own.flatMap((l) => l.warningNoticeRecords),
          inspections: present((l) => l.judgingInspection),
          visits: present((l) => l.visits).sort((a, b) => b.missed - a.missed || a.urn.localeCompare(b.urn)),
          lettersToFollowUp: own.flatMap((l) => l.lettersToFollowUp),
          missingContacts: own.flatMap((l) => l.missingContacts),
        },
      ];
    }),
  );
}
