/** The measures of success as the report shows them, whole: the section, its chart and its CSV. */
import { describe, expect, it } from 'vitest';
import type { Measure, MeasureRow } from '../../functions/core/measures/measures';
import { measuresChart, measuresCsv, measuresSection } from '../../functions/core/measures/measures-report';

const measure = (over: Partial<Measure> = {}): Measure => ({
  id: 'good-or-better',
  name: 'Schools good or better',
  definition: { kind: 'share-good-or-better' },
  unit: 'percent',
  direction: 'up',
  baseline: { value: 80, date: '2025-09-01' },
  target: { value: 90, date: '2028-07-31' },
  owner: 'Head of school improvement',
  ...over,
});
const rows = (): MeasureRow[] => [
  {
    measure: measure({ comparators: { national: 89, statisticalNeighbours: 84, year: '2025/26' } }),
    history: [
      { term: '2026-autumn', value: { value: 84, schools: 200, asOf: '2024/25' } },
      { term: '2027-spring', value: { value: 86, schools: 201 } },
    ],
    latest: { value: 86, schools: 201 },
    status: 'on track',
    expected: 83.5,
    byYear: [
      { year: '2023/24', value: 82, schools: 190 },
      { year: '2024/25', value: 86, schools: 201 },
    ],
  },
  {
    measure: measure({
      id: 'persistent-absence',
      name: 'Persistent absence',
      definition: { kind: 'share-good-or-better' },
      unit: 'points',
      direction: 'down',
      baseline: { value: 20, date: '2025-09-01' },
      target: { value: 12, date: '2028-07-31' },
      owner: 'Attendance lead',
      comparators: { national: 15 },
    }),
    history: [{ term: '2027-spring', value: { value: 19, asOf: '2027-01-10' } }],
    latest: { value: 19, asOf: '2027-01-10' },
    status: 'off track',
    expected: 17,
    byYear: [{ year: '2024/25', value: 19, schools: 150 }],
  },
  {
    measure: measure({ id: 'count', name: 'Schools in D', unit: 'count', direction: 'down', comparators: {} }),
    history: [],
    status: 'no data',
    byYear: [],
  },
  {
    measure: measure({ id: 'slow', name: 'Key stage 2', unit: 'score', comparators: { statisticalNeighbours: 100 } }),
    history: [{ term: '2027-spring', value: { value: 100 } }],
    latest: { value: 100 },
    status: 'improving too slowly',
    expected: 101,
    byYear: [],
  },
  {
    measure: measure({ id: 'waiting', name: 'Attendance' }),
    history: [{ term: '2027-spring', value: { value: 93, schools: 10, asOf: '2024/25' } }],
    latest: { value: 93, schools: 10, asOf: '2024/25' },
    status: 'awaiting new figures',
    byYear: [],
  },
];

describe('the measures of success, whole', () => {
  it('is the section: the count of each status, and each measure as its row says it', () => {
    expect(String(measuresSection('The strategy', rows())).split('\n')).toEqual([
      "<p>The strategy. Each measure is computed from this term's data (or the measure-figures sheet) and judged against the straight line from its baseline to its target: <strong>1 on track or met</strong>, 1 improving too slowly, <strong>1 off track</strong>, 1 awaiting the next year&#39;s figures, 1 with no figure this term.</p>",
      '<table><caption>Measures of success, the authority (5)</caption>',
      '<thead><tr><th scope="col">Measure</th><th scope="col">Baseline</th><th scope="col">Latest</th><th scope="col">Expected by now</th><th scope="col">Target</th><th scope="col">Compared with</th><th scope="col">Status</th><th scope="col">Term by term</th><th scope="col">Owner</th></tr></thead>',
      '<tbody><tr><td>Schools good or better</td><td>80% (1 Sep 2025)</td><td>86% (201 schools)</td><td>83.5%</td><td>90% by 31 Jul 2028</td><td>national 89% (worse); statistical neighbours 84% (better), 2025/26</td><td>on track</td><td>autumn term 2026: 84%; spring term 2027: 86%; by academic year: 2023/24: 82%, 2024/25: 86%</td><td>Head of school improvement</td></tr><tr class="worst"><td>Persistent absence</td><td>20 points (1 Sep 2025)</td><td>19 points (as at 10 Jan 2027)</td><td>17 points</td><td>12 points by 31 Jul 2028</td><td>national 15 points (worse)</td><td><strong>off track</strong></td><td>spring term 2027: 19 points</td><td>Attendance lead</td></tr><tr><td>Schools in D</td><td>80 (1 Sep 2025)</td><td><em>no figure</em></td><td></td><td>90 by 31 Jul 2028</td><td></td><td>no data</td><td></td><td>Head of school improvement</td></tr><tr class="support"><td>Key stage 2</td><td>80 (1 Sep 2025)</td><td>100</td><td>101</td><td>90 by 31 Jul 2028</td><td>statistical neighbours 100 (the same)</td><td>improving too slowly</td><td>spring term 2027: 100</td><td>Head of school improvement</td></tr><tr><td>Attendance</td><td>80% (1 Sep 2025)</td><td>93% (10 schools, 2024/25)</td><td></td><td>90% by 31 Jul 2028</td><td></td><td>awaiting new figures</td><td>spring term 2027: 93%</td><td>Head of school improvement</td></tr></tbody>',
      '</table>',
      '',
    ]);
  });

  it("names an area's table, and says no count of a status no measure has", () => {
    const [onTrack] = rows();
    const section = String(measuresSection('In Ashdown', [{ ...onTrack!, area: 'Ashdown', status: 'target met' }]));
    expect(section.split('\n').slice(0, 2)).toEqual([
      "<p>In Ashdown. Each measure is computed from this term's data (or the measure-figures sheet) and judged against the straight line from its baseline to its target: <strong>1 on track or met</strong>, 0 improving too slowly, <strong>0 off track</strong>.</p>",
      '<table><caption>Measures of success, Ashdown AAG area (1)</caption>',
    ]);
    expect(String(measuresSection('Nothing', []))).toBe('');
  });

  it('is the CSV: each measure term by term, with its baseline, target, comparators and status', () => {
    expect(measuresCsv(rows()).split('\r\n')).toEqual([
      'Scope,Measure id,Measure,Term,Value,Schools,As of,Baseline,Target,Target date,National,Statistical neighbours,Comparators year,Status now',
      'the authority,good-or-better,Schools good or better,2026-autumn,84,200,2024/25,80,90,2028-07-31,89,84,2025/26,on track',
      'the authority,good-or-better,Schools good or better,2027-spring,86,201,,80,90,2028-07-31,89,84,2025/26,on track',
      'the authority,persistent-absence,Persistent absence,2027-spring,19,,2027-01-10,20,12,2028-07-31,15,,,off track',
      'the authority,slow,Key stage 2,2027-spring,100,,,80,90,2028-07-31,,100,,improving too slowly',
      'the authority,waiting,Attendance,2027-spring,93,10,2024/25,80,90,2028-07-31,,,,awaiting new figures',
      '',
    ]);
    expect(measuresCsv([{ ...rows()[0]!, area: 'Ashdown' }]).split('\r\n')[1]).toMatch(/^Ashdown,good-or-better,/);
  });

  it("is the chart: each measure's value term by term beside its target, and the same figures as a table", () => {
    expect(measuresChart(rows(), 'the authority')).toEqual({
      id: 'measures-over-terms',
      title: 'Measures of success term by term, the authority',
      description: "Each of the 5 measures' value in each term the cycle holds, with its target as a dashed line.",
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Measures of success term by term, the authority',
        data: {
          values: [
            {
              measure: 'Schools good or better',
              term: 'autumn term 2026',
              value: 84,
              target: 90,
            },
            {
              measure: 'Schools good or better',
              term: 'spring term 2027',
              value: 86,
              target: 90,
            },
            {
              measure: 'Persistent absence',
              term: 'spring term 2027',
              value: 19,
              target: 12,
            },
            {
              measure: 'Key stage 2',
              term: 'spring term 2027',
              value: 100,
              target: 90,
            },
            {
              measure: 'Attendance',
              term: 'spring term 2027',
              value: 93,
              target: 90,
            },
          ],
        },
        facet: {
          field: 'measure',
          type: 'nominal',
          title: null,
          sort: ['Schools good or better', 'Persistent absence', 'Schools in D', 'Key stage 2', 'Attendance'],
          header: {
            labelLimit: 230,
            labelFontSize: 10,
          },
        },
        columns: 3,
        spec: {
          width: 230,
          height: 90,
          layer: [
            {
              mark: {
                type: 'line',
                point: true,
                color: '#1d70b8',
                tooltip: true,
              },
              encoding: {
                x: {
                  field: 'term',
                  type: 'ordinal',
                  title: null,
                  sort: ['autumn term 2026', 'spring term 2027'],
                },
                y: {
                  field: 'value',
                  type: 'quantitative',
                  title: null,
                  scale: {
                    zero: false,
                  },
                },
              },
            },
            {
              mark: {
                type: 'rule',
                strokeDash: [4, 3],
                color: '#00703c',
              },
              encoding: {
                y: {
                  field: 'target',
                  aggregate: 'max',
                  type: 'quantitative',
                },
              },
            },
          ],
        },
        resolve: {
          scale: {
            y: 'independent',
          },
        },
        config: {
          font: 'Arial, sans-serif',
          axis: {
            labelFontSize: 11,
          },
          view: {
            stroke: null,
          },
        },
      },
      table: {
        headers: ['Measure', 'autumn term 2026', 'spring term 2027', 'Target'],
        rows: [
          ['Schools good or better', 84, 86, 90],
          ['Persistent absence', '', 19, 12],
          ['Schools in D', '', '', 90],
          ['Key stage 2', '', 100, 90],
          ['Attendance', '', 93, 90],
        ],
      },
    });
  });
});
