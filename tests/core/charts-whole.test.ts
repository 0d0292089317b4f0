/**
 * The report's charts whole (functions/core/reporting/charts.ts): each chart's specification and its table, as drawn,
 * so that a change to what a chart shows is seen first in a test.
 */
import { describe, expect, it } from 'vitest';
import { categoriesByArea, goodOrBetterOverTerms, letters, movements } from '../../functions/core/reporting/charts';
import type { Assessment } from '../../functions/core/types';
import { DEFAULT_METHODOLOGY, school } from '../builders';

/** The font settings every chart of the report shares. */
const CHART_FONT = {
  font: 'Arial, sans-serif',
  axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
  view: { stroke: null },
};

const assessment = (urn: string, category: string, previousCategory?: string): Assessment => ({
  term: '2026-autumn',
  urn,
  category,
  ...(previousCategory ? { previousCategory } : {}),
  changed: previousCategory !== undefined && previousCategory !== category,
  reasons: [],
  methodologyId: 'default-2026',
});
const schools = () => [
  school({ urn: '100001', district: 'Ashdown' }),
  school({ urn: '100002', district: 'Riverton' }),
  school({ urn: '100003', district: 'Riverton' }),
];
const assessments = () => [assessment('100001', 'D', 'C'), assessment('100002', 'A', 'A'), assessment('100003', 'C')];

describe("the report's charts, whole", () => {
  it('categories by AAG area', () => {
    expect(categoriesByArea(DEFAULT_METHODOLOGY, schools(), assessments())).toEqual({
      id: 'categories-by-area',
      title: 'Categories by AAG area',
      description: 'Schools in each category in each AAG area this term (3 schools).',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Categories by AAG area',
        width: 420,
        data: {
          values: [
            {
              group: 'Ashdown',
              category: 'D',
              schools: 1,
              rank: 3,
            },
            {
              group: 'Riverton',
              category: 'A',
              schools: 1,
              rank: 0,
            },
            {
              group: 'Riverton',
              category: 'C',
              schools: 1,
              rank: 2,
            },
          ],
        },
        mark: {
          type: 'bar',
          tooltip: true,
        },
        encoding: {
          y: {
            field: 'group',
            type: 'nominal',
            title: 'AAG area',
            sort: ['Ashdown', 'Riverton'],
          },
          x: {
            field: 'schools',
            type: 'quantitative',
            title: 'Schools',
            stack: 'zero',
          },
          color: {
            field: 'category',
            type: 'nominal',
            title: 'Category',
            scale: {
              domain: ['A', 'B', 'C', 'D'],
              range: ['#00703c', '#1d70b8', '#f47738', '#d4351c'],
            },
            sort: ['A', 'B', 'C', 'D'],
          },
          order: {
            field: 'rank',
            type: 'quantitative',
          },
        },
        config: CHART_FONT,
      },
      table: {
        headers: ['AAG area', 'A', 'B', 'C', 'D', 'Total'],
        rows: [
          ['Ashdown', 0, 0, 0, 1, 1],
          ['Riverton', 1, 0, 1, 0, 2],
        ],
      },
    });
  });

  it('movements between categories, of the schools with a category last term', () => {
    expect(movements(DEFAULT_METHODOLOGY, assessments())).toEqual({
      id: 'movements',
      title: 'Movements between categories this term',
      description:
        "Each school's previous category (rows) against its category this term (columns); 1 of 2 schools moved.",
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Movements between categories this term',
        data: {
          values: [
            {
              from: 'A',
              to: 'A',
              schools: 1,
              kind: 'stayed',
            },
            {
              from: 'C',
              to: 'D',
              schools: 1,
              kind: 'moved to a more serious category',
            },
          ],
        },
        width: 240,
        height: 240,
        encoding: {
          y: {
            field: 'from',
            type: 'ordinal',
            title: 'Previous category',
            sort: ['A', 'B', 'C', 'D'],
          },
          x: {
            field: 'to',
            type: 'ordinal',
            title: 'Category this term',
            sort: ['A', 'B', 'C', 'D'],
            axis: {
              orient: 'top',
            },
          },
        },
        layer: [
          {
            mark: {
              type: 'rect',
              tooltip: true,
            },
            encoding: {
              color: {
                field: 'kind',
                type: 'nominal',
                title: 'Movement',
                scale: {
                  domain: ['stayed', 'moved to a less serious category', 'moved to a more serious category'],
                  range: ['#dbe8f3', '#cce2d8', '#f6d7d2'],
                },
              },
            },
          },
          {
            mark: {
              type: 'text',
              fontSize: 14,
            },
            encoding: {
              text: {
                field: 'schools',
                type: 'quantitative',
              },
            },
          },
        ],
        config: CHART_FONT,
      },
      table: {
        headers: ['Previous category', 'to A', 'to B', 'to C', 'to D'],
        rows: [
          ['A', 1, 0, 0, 0],
          ['B', 0, 0, 0, 0],
          ['C', 0, 0, 0, 1],
          ['D', 0, 0, 0, 0],
        ],
      },
    });
  });

  it('what became of the letters', () => {
    expect(letters({ sent: 5, alreadySent: 1, failed: 0, pending: 2, held: 3, toFollowUp: 1 })).toEqual({
      id: 'letters',
      title: 'Letters this term',
      description:
        'Letters to headteachers, chairs of governors and trust board chairs this term: 6 sent, 1 did not reach their reader, 5 waiting.',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Letters this term',
        width: 420,
        data: {
          values: [
            {
              what: 'Sent this run',
              letters: 5,
            },
            {
              what: 'Sent by an earlier run',
              letters: 1,
            },
            {
              what: 'Did not reach the reader',
              letters: 1,
            },
            {
              what: 'Waiting (an unfinished run)',
              letters: 2,
            },
            {
              what: "Held for the ECB's confirmation",
              letters: 3,
            },
          ],
        },
        mark: {
          type: 'bar',
          tooltip: true,
          color: '#1d70b8',
        },
        encoding: {
          y: {
            field: 'what',
            type: 'nominal',
            title: null,
            sort: [
              'Sent this run',
              'Sent by an earlier run',
              'Did not reach the reader',
              'Could not be sent',
              'Waiting (an unfinished run)',
              "Held for the ECB's confirmation",
            ],
          },
          x: {
            field: 'letters',
            type: 'quantitative',
            title: 'Letters',
          },
        },
        config: CHART_FONT,
      },
      table: {
        headers: ['Letters', 'Number'],
        rows: [
          ['Sent this run', 5],
          ['Sent by an earlier run', 1],
          ['Did not reach the reader', 1],
          ['Could not be sent', 0],
          ['Waiting (an unfinished run)', 2],
          ["Held for the ECB's confirmation", 3],
        ],
      },
    });
  });

  it('good or better term by term, with no share where no school was inspected', () => {
    expect(
      goodOrBetterOverTerms([
        { term: '2026-autumn', good: 3, inspected: 4 },
        { term: '2027-spring', good: 0, inspected: 0 },
      ]),
    ).toEqual({
      id: 'good-or-better',
      title: 'Schools good or better, term by term',
      description:
        'The share of schools good or better at their latest graded inspection or report card (as the report defines good or better), in each of the 2 terms the cycle has run.',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Schools good or better, term by term',
        width: 420,
        data: {
          values: [
            {
              group: 'autumn term 2026',
              share: 75,
              good: 3,
              inspected: 4,
            },
            {
              group: 'spring term 2027',
              share: null,
              good: 0,
              inspected: 0,
            },
          ],
        },
        mark: {
          type: 'bar',
          tooltip: true,
          color: '#00703c',
        },
        encoding: {
          y: {
            field: 'group',
            type: 'nominal',
            title: 'Term',
            sort: ['autumn term 2026', 'spring term 2027'],
          },
          x: {
            field: 'share',
            type: 'quantitative',
            title: 'Per cent of inspected schools',
            scale: {
              domain: [0, 100],
            },
          },
        },
        config: CHART_FONT,
      },
      table: {
        headers: ['Term', 'Good or better (%)', 'Good or better', 'Schools with a graded inspection or report card'],
        rows: [
          ['autumn term 2026', 75, 3, 4],
          ['spring term 2027', 'none inspected', 0, 0],
        ],
      },
    });
  });
});
