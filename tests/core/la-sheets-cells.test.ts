/** The authority's own sheets, cell by cell (functions/core/intake/la-sheets.ts): what each takes and refuses. */
import { describe, expect, it } from 'vitest';
import { consortiaSheet, measureFiguresSheet } from '../../functions/core/intake/la-sheets';
import { describeRejection, readRows, readSheet, type SheetSpec } from '../../functions/core/sheets';

const read = <T>(spec: SheetSpec<T>, csv: string) => {
  const result = readSheet(spec, `${spec.name}.csv`, readRows(`${spec.name}.csv`, new TextEncoder().encode(csv)));
  return { values: result.accepted.map((a) => a.value), messages: result.rejected.map(describeRejection) };
};

describe("the consortia sheet's Chair column", () => {
  it('reads yes, y and chair in any case as the chair, no, n and blank as not, and refuses anything else', () => {
    const { values, messages } = read(
      consortiaSheet,
      [
        'URN,Consortium,Chair',
        '100001,North, YES ',
        '100002,North,y',
        '100003,North,Chair',
        '100004,North,no',
        '100005,North,N',
        '100006,North,',
        '100007,North,maybe',
      ].join('\n'),
    );
    expect(values.map((v) => [v.urn, v.chair ?? false])).toEqual([
      ['100001', true],
      ['100002', true],
      ['100003', true],
      ['100004', false],
      ['100005', false],
      ['100006', false],
    ]);
    expect(messages).toEqual(["consortia.csv row 8, Chair: 'maybe' is not yes, or blank"]);
  });
});

describe('the measure-figures sheet', () => {
  it('reads a figure with or without %, for the authority or an area, with its note; and refuses what is no number', () => {
    const { values, messages } = read(
      measureFiguresSheet,
      [
        'Measure,Value,Date,AAG area,Note',
        'ehcp-timeliness,61.5%,31/08/2026,,SEN2 return',
        'ehcp-timeliness,58,31/08/2026,Ashdown,',
        'ehcp-timeliness,,31/08/2026,Riverton,',
        'ehcp-timeliness,lots,31/08/2026,Eastbrook,',
        'Bad Id,1,31/08/2026,,',
        'ehcp-timeliness,60,31/08/2026,,again',
      ].join('\n'),
    );
    expect(values).toEqual([
      { measure: 'ehcp-timeliness', value: 61.5, date: '2026-08-31', note: 'SEN2 return' },
      { measure: 'ehcp-timeliness', value: 58, date: '2026-08-31', area: 'Ashdown' },
    ]);
    expect(messages).toEqual([
      "measure-figures.csv row 4, Value: '' is not a number",
      "measure-figures.csv row 5, Value: 'lots' is not a number",
      "measure-figures.csv row 6, Measure: 'Bad Id' is not a measure's id (lower-case letters, digits and hyphens)",
      "measure-figures.csv row 7, Measure: 'ehcp-timeliness' is not one figure per measure, area and date (already given at row 2)",
    ]);
  });
});
