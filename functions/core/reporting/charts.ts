/**
 * The report's charts, as Vega-Lite specifications with their data inline, and each chart's data as a table (its
 * text alternative). Drawn to SVG when the report is built (functions/adapters/charts.ts), so the report needs
 * no script or network to be read. Each category keeps one colour in every chart, by its severity.
 */

import { standings } from '../assessment/good-or-better';
import { type Methodology, severity } from '../assessment/methodology';
import { describeTerm } from '../term';
import type { Assessment, Category, Inspection, School } from '../types';

export interface Chart {
  readonly id: string;
  readonly title: string;
  /** One sentence saying what the chart shows, for screen readers and the figure's caption. */
  readonly description: string;
  readonly spec: Record<string, unknown>;
  /** The chart's data as a table: its text alternative. */
  readonly table: { headers: string[]; rows: (string | number)[][] };
}

/** Colours for categories from the least to the most severe (green, blue, amber, red), legible on white. */
const SEVERITY_COLOURS = ['#00703c', '#1d70b8', '#f47738', '#d4351c', '#4c2c92', '#505a5f'];

export function categoryColours(methodology: Methodology): { domain: string[]; range: string[] } {
  const ids = [...methodology.categories.map((c) => c.id)].sort(
    (a, b) => severity(methodology, a) - severity(methodology, b),
  );
  return { domain: ids, range: ids.map((_, i) => SEVERITY_COLOURS[Math.min(i, SEVERITY_COLOURS.length - 1)]!) };
}

const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
const FONT = {
  config: {
    font: 'Arial, sans-serif',
    axis: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
    legend: { labelFontSize: 12, titleFontSize: 12, labelLimit: 320 },
    view: { stroke: null },
  },
};

function stackedBars(
  title: string,
  rows: { group: string; category: Category; schools: number }[],
  groupTitle: string,
  groups: string[],
  methodology: Methodology,
): Record<string, unknown> {
  const order = categoryColours(methodology).domain;
  return {
    $schema: SCHEMA,
    title,
    width: 420,
    data: { values: rows },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'group', type: 'nominal', title: groupTitle, sort: groups },
      x: { field: 'schools', type: 'quantitative', title: 'Schools', stack: 'zero' },
      color: {
        field: 'category',
        type: 'nominal',
        title: 'Category',
        scale: categoryColours(methodology),
        sort: order,
      },
      order: { field: 'rank', type: 'quantitative' },
    },
    ...FONT,
  };
}

/** Schools in each category, by AAG area, this term. */
export function categoriesByArea(
  methodology: Methodology,
  schools: readonly School[],
  assessments: readonly Assessment[],
): Chart {
  const areaOf = new Map(schools.map((s) => [s.urn, s.district]));
  const areas = [...new Set(assessments.map((a) => areaOf.get(a.urn) ?? 'unknown'))].sort();
  const ids = methodology.categories.map((c) => c.id);
  const counts = new Map<string, number>();
  for (const a of assessments) {
    const key = `${areaOf.get(a.urn) ?? 'unknown'}\u0000${a.category}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const count = (area: string, category: string) => counts.get(`${area}\u0000${category}`) ?? 0;
  const rows = areas
    .flatMap((area) =>
      ids.map((category) => ({
        group: area,
        category,
        schools: count(area, category),
        rank: severity(methodology, category),
      })),
    )
    .filter((r) => r.schools > 0);
  return {
    id: 'categories-by-area',
    title: 'Categories by AAG area',
    description: `Schools in each category in each AAG area this term (${assessments.length} schools).`,
    spec: stackedBars('Categories by AAG area', rows, 'AAG area', areas, methodology),
    table: {
      headers: ['AAG area', ...ids, 'Total'],
      rows: areas.map((area) => [area, ...ids.map((c) => count(area, c)), ids.reduce((n, c) => n + count(area, c), 0)]),
    },
  };
}

/** "each of the 3 terms the cycle has run", or for the first term "the one term the cycle has run". */
const termsRun = (n: number) =>
  n === 1 ? 'the one term the cycle has run' : `each of the ${n} terms the cycle has run`;

/** The schools in each category (the authority's, or an AAG area's), term by term, over every term the store holds. */
export function categoriesOverTerms(
  methodology: Methodology,
  byTerm: readonly { term: string; categories: Record<Category, number> }[],
  area?: string,
): Chart {
  const ids = methodology.categories.map((c) => c.id);
  const terms = byTerm.map((t) => describeTerm(t.term));
  const rows = byTerm
    .flatMap((t) =>
      ids.map((category) => ({
        group: describeTerm(t.term),
        category,
        schools: t.categories[category] ?? 0,
        rank: severity(methodology, category),
      })),
    )
    .filter((r) => r.schools > 0);
  return {
    id: 'categories-over-terms',
    title: 'Categories term by term',
    description: `${area ? `The ${area} AAG area's` : "The authority's"} schools in each category in ${termsRun(byTerm.length)}.`,
    spec: stackedBars('Categories term by term', rows, 'Term', terms, methodology),
    table: {
      headers: ['Term', ...ids],
      rows: byTerm.map((t) => [describeTerm(t.term), ...ids.map((c) => t.categories[c] ?? 0)]),
    },
  };
}

/** Where this term's categories came from: each previous category against each new one, with the count of schools. */
export function movements(methodology: Methodology, assessments: readonly Assessment[]): Chart {
  const ids = methodology.categories.map((c) => c.id);
  const known = assessments.filter((a) => a.previousCategory !== undefined);
  const count = (from: string, to: string) =>
    known.filter((a) => a.previousCategory === from && a.category === to).length;
  const rows = ids
    .flatMap((from) =>
      ids.map((to) => ({
        from,
        to,
        schools: count(from, to),
        kind:
          from === to
            ? 'stayed'
            : severity(methodology, to) > severity(methodology, from)
              ? 'moved to a more serious category'
              : 'moved to a less serious category',
      })),
    )
    .filter((r) => r.schools > 0);
  return {
    id: 'movements',
    title: 'Movements between categories this term',
    description: `Each school's previous category (rows) against its category this term (columns); ${known.filter((a) => a.previousCategory !== a.category).length} of ${known.length} schools moved.`,
    spec: {
      $schema: SCHEMA,
      title: 'Movements between categories this term',
      data: { values: rows },
      width: 60 * ids.length,
      height: 60 * ids.length,
      encoding: {
        y: { field: 'from', type: 'ordinal', title: 'Previous category', sort: ids },
        x: { field: 'to', type: 'ordinal', title: 'Category this term', sort: ids, axis: { orient: 'top' } },
      },
      layer: [
        {
          mark: { type: 'rect', tooltip: true },
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
        { mark: { type: 'text', fontSize: 14 }, encoding: { text: { field: 'schools', type: 'quantitative' } } },
      ],
      ...FONT,
    },
    table: {
      headers: ['Previous category', ...ids.map((id) => `to ${id}`)],
      rows: ids.map((from) => [from, ...ids.map((to) => count(from, to))]),
    },
  };
}

/** What became of this term's letters. */
export function letters(figures: {
  sent: number;
  alreadySent: number;
  failed: number;
  pending: number;
  held: number;
  toFollowUp: number;
}): Chart {
  const rows = [
    { what: 'Sent this run', letters: figures.sent },
    { what: 'Sent by an earlier run', letters: figures.alreadySent },
    { what: 'Did not reach the reader', letters: figures.toFollowUp },
    { what: 'Could not be sent', letters: figures.failed },
    { what: 'Waiting (an unfinished run)', letters: figures.pending },
    { what: "Held for the ECB's confirmation", letters: figures.held },
  ];
  return {
    id: 'letters',
    title: 'Letters this term',
    description: `Letters to headteachers, chairs of governors and trust board chairs this term: ${figures.sent + figures.alreadySent} sent, ${figures.toFollowUp} did not reach their reader, ${figures.pending + figures.held} waiting.`,
    spec: {
      $schema: SCHEMA,
      title: 'Letters this term',
      width: 420,
      data: { values: rows.filter((r) => r.letters > 0) },
      mark: { type: 'bar', tooltip: true, color: '#1d70b8' },
      encoding: {
        y: { field: 'what', type: 'nominal', title: null, sort: rows.map((r) => r.what) },
        x: { field: 'letters', type: 'quantitative', title: 'Letters' },
      },
      ...FONT,
    },
    table: { headers: ['Letters', 'Number'], rows: rows.map((r) => [r.what, r.letters]) },
  };
}

const ERA_NAME: Record<Inspection['era'], string> = {
  'single-word': 'graded, single word (to Sep 2024)',
  'key-judgements': 'graded, key judgements (Sep 2024 to Nov 2025)',
  'report-card': 'report card (from Nov 2025)',
  ungraded: 'ungraded inspection',
};

const BANDS = ['good or better', 'below good'] as const;

/**
 * Schools' standing at their latest graded inspection or report card, by its kind, this term: the same schools, and
 * the same good or better, as the figure the report and the measures give (good-or-better.ts).
 */
export function ofstedByEra(inspections: readonly Inspection[]): Chart {
  const standing = [...standings(inspections).values()];
  const eras = (Object.keys(ERA_NAME) as Inspection['era'][]).filter((era) =>
    standing.some((s) => s.inspection.era === era),
  );
  const count = (era: string, band: string) =>
    standing.filter((s) => s.inspection.era === era && s.band === band).length;
  const rows = eras
    .flatMap((era) => BANDS.map((band, rank) => ({ group: ERA_NAME[era], band, schools: count(era, band), rank })))
    .filter((r) => r.schools > 0);
  return {
    id: 'ofsted-by-era',
    title: "Schools' latest graded inspection or report card, by its kind",
    description: `The latest graded inspection or report card of each of ${standing.length} schools, by Ofsted's era, read as good or better or below good (as the report defines good or better).`,
    spec: {
      $schema: SCHEMA,
      title: "Schools' latest graded inspection or report card, by its kind",
      width: 420,
      data: { values: rows },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: {
          field: 'group',
          type: 'nominal',
          title: 'Latest graded inspection or report card',
          sort: eras.map((e) => ERA_NAME[e]),
        },
        x: { field: 'schools', type: 'quantitative', title: 'Schools', stack: 'zero' },
        color: {
          field: 'band',
          type: 'nominal',
          title: 'Outcome',
          scale: { domain: [...BANDS], range: ['#00703c', '#d4351c'] },
          sort: [...BANDS],
        },
        order: { field: 'rank', type: 'quantitative' },
      },
      ...FONT,
    },
    table: {
      headers: ['Latest graded inspection or report card', ...BANDS],
      rows: eras.map((era) => [ERA_NAME[era], ...BANDS.map((b) => count(era, b))]),
    },
  };
}

/** Of the schools inspected, how many are good or better (good-or-better.ts, the one definition). */
export { goodOrBetterOf, type OfstedBand, ofstedBand } from '../assessment/good-or-better';

/** The share of inspected schools good or better in each term, from each term's counts (goodOrBetterOf). */
export function goodOrBetterOverTerms(byTerm: readonly { term: string; good: number; inspected: number }[]): Chart {
  const rows = byTerm.map(({ term, good, inspected }) => ({
    group: describeTerm(term),
    // With no school inspected there is no share to give: no bar, and the table says so, rather than 0%.
    share: inspected === 0 ? null : Math.round((1000 * good) / inspected) / 10,
    good,
    inspected,
  }));
  return {
    id: 'good-or-better',
    title: 'Schools good or better, term by term',
    description: `The share of schools good or better at their latest graded inspection or report card (as the report defines good or better), in ${termsRun(byTerm.length)}.`,
    spec: {
      $schema: SCHEMA,
      title: 'Schools good or better, term by term',
      width: 420,
      data: { values: rows },
      mark: { type: 'bar', tooltip: true, color: '#00703c' },
      encoding: {
        y: { field: 'group', type: 'nominal', title: 'Term', sort: rows.map((r) => r.group) },
        x: {
          field: 'share',
          type: 'quantitative',
          title: 'Per cent of inspected schools',
          scale: { domain: [0, 100] },
        },
      },
      ...FONT,
    },
    table: {
      headers: ['Term', 'Good or better (%)', 'Good or better', 'Schools with a graded inspection or report card'],
      rows: rows.map((r) => [r.group, r.share ?? 'none inspected', r.good, r.inspected]),
    },
  };
}
