/**
 * The measures of success as the report shows them: a table of each measure's baseline, latest value, where the
 * line to its target stands now, the target, the comparators and the status, with its trend term by term; a chart
 * of the trends; and the same figures as a CSV.
 */
import { toCsv } from '../csv';
import { formatDate } from '../dates';
import { type Html, html } from '../html';
import type { Chart } from '../reporting/charts';
import { type DrawnChart, dataTable, figure } from '../reporting/report';
import { describeTerm } from '../term';
import type { Measure, MeasureRow, MeasureStatus } from './measures';

const UNIT: Record<Measure['unit'], string> = { percent: '%', count: '', points: ' points', score: '' };
const show = (m: Measure, v: number | undefined) => (v === undefined ? '' : `${v}${UNIT[m.unit]}`);

const STATUS_CLASS: Record<MeasureStatus, string> = {
  'target met': '',
  'on track': '',
  'improving too slowly': 'support',
  'off track': 'worst',
  'awaiting new figures': '',
  'no data': '',
};

/** How the latest value stands against a comparator, in the measure's direction: "better", "worse" or "the same". */
export function againstComparator(
  measure: Measure,
  latest: number,
  comparator: number,
): 'better' | 'worse' | 'the same' {
  if (latest === comparator) return 'the same';
  return latest > comparator === (measure.direction === 'up') ? 'better' : 'worse';
}

/** The national average and statistical neighbours the ECB records, and where the latest value stands against each. */
function comparedWith(r: MeasureRow): string {
  const c = r.measure.comparators;
  if (!c) return '';
  const one = (label: string, value: number | undefined) =>
    value === undefined
      ? undefined
      : `${label} ${show(r.measure, value)}${r.latest ? ` (${againstComparator(r.measure, r.latest.value, value)})` : ''}`;
  const parts = [one('national', c.national), one('statistical neighbours', c.statisticalNeighbours)].filter(
    (p) => p !== undefined,
  );
  return parts.length === 0 ? '' : `${parts.join('; ')}${c.year ? `, ${c.year}` : ''}`;
}

export function measuresSection(title: string, rows: readonly MeasureRow[], chart?: DrawnChart): Html {
  if (rows.length === 0) return html``;
  const count = (s: MeasureStatus) => rows.filter((r) => r.status === s).length;
  return html`<p>${title}. Each measure is computed from this term's data (or the measure-figures sheet) and judged against the straight line from its baseline to its target: <strong>${count('target met') + count('on track')} on track or met</strong>, ${count('improving too slowly')} improving too slowly, <strong>${count('off track')} off track</strong>${count('awaiting new figures') > 0 ? `, ${count('awaiting new figures')} awaiting the next year's figures` : ''}${count('no data') > 0 ? `, ${count('no data')} with no figure this term` : ''}.</p>
${dataTable(
  `Measures of success${rows[0]?.area ? `, ${rows[0].area} AAG area` : ', the authority'} (${rows.length})`,
  ['Measure', 'Baseline', 'Latest', 'Expected by now', 'Target', 'Compared with', 'Status', 'Term by term', 'Owner'],
  rows.map((r) => [
    r.measure.name,
    `${show(r.measure, r.measure.baseline.value)} (${formatDate(r.measure.baseline.date)})`,
    r.latest
      ? `${show(r.measure, r.latest.value)}${r.latest.schools !== undefined ? ` (${r.latest.schools} schools${r.latest.asOf ? `, ${r.latest.asOf}` : ''})` : r.latest.asOf ? ` (as at ${formatDate(r.latest.asOf)})` : ''}`
      : html`<em>no figure</em>`,
    show(r.measure, r.expected),
    `${show(r.measure, r.measure.target.value)} by ${formatDate(r.measure.target.date)}`,
    comparedWith(r),
    r.status === 'off track' ? html`<strong>off track</strong>` : r.status,
    `${r.history.map((h) => `${describeTerm(h.term)}: ${show(r.measure, h.value.value)}`).join('; ')}${r.byYear.length > 1 ? `; by academic year: ${r.byYear.map((y) => `${y.year}: ${show(r.measure, y.value)}`).join(', ')}` : ''}`,
    r.measure.owner,
  ]),
  { rowClass: (i) => STATUS_CLASS[rows[i]!.status] },
)}
${chart ? figure(chart) : ''}`;
}

/** Each measure's value term by term, one small chart per measure, with its target marked. */
export function measuresChart(rows: readonly MeasureRow[], scope: string): Chart {
  const values = rows.flatMap((r) =>
    r.history.map((h) => ({
      measure: r.measure.name,
      term: describeTerm(h.term),
      value: h.value.value,
      target: r.measure.target.value,
    })),
  );
  const terms = [...new Set(values.map((v) => v.term))];
  return {
    id: 'measures-over-terms',
    title: `Measures of success term by term, ${scope}`,
    description: `Each of the ${rows.length} measures' value in each term the cycle holds, with its target as a dashed line.`,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title: `Measures of success term by term, ${scope}`,
      data: { values },
      facet: {
        field: 'measure',
        type: 'nominal',
        title: null,
        sort: rows.map((r) => r.measure.name),
        header: { labelLimit: 230, labelFontSize: 10 },
      },
      columns: 3,
      spec: {
        width: 230,
        height: 90,
        layer: [
          {
            mark: { type: 'line', point: true, color: '#1d70b8', tooltip: true },
            encoding: {
              x: { field: 'term', type: 'ordinal', title: null, sort: terms },
              y: { field: 'value', type: 'quantitative', title: null, scale: { zero: false } },
            },
          },
          {
            mark: { type: 'rule', strokeDash: [4, 3], color: '#00703c' },
            encoding: { y: { field: 'target', aggregate: 'max', type: 'quantitative' } },
          },
        ],
      },
      resolve: { scale: { y: 'independent' } },
      config: { font: 'Arial, sans-serif', axis: { labelFontSize: 11 }, view: { stroke: null } },
    },
    table: {
      headers: ['Measure', ...terms, 'Target'],
      rows: rows.map((r) => [
        r.measure.name,
        ...terms.map((t) => r.history.find((h) => describeTerm(h.term) === t)?.value.value ?? ''),
        r.measure.target.value,
      ]),
    },
  };
}

/**
 * Every measure, for the authority and each area, term by term: the figures behind the report, for the ECB's own use.
 */
export function measuresCsv(rows: readonly MeasureRow[]): string {
  return toCsv(
    [
      'Scope',
      'Measure id',
      'Measure',
      'Term',
      'Value',
      'Schools',
      'As of',
      'Baseline',
      'Target',
      'Target date',
      'National',
      'Statistical neighbours',
      'Comparators year',
      'Status now',
    ],
    rows.flatMap((r) =>
      r.history.map((h) => [
        r.area ?? 'the authority',
        r.measure.id,
        r.measure.name,
        h.term,
        h.value.value,
        h.value.schools ?? '',
        h.value.asOf ?? '',
        r.measure.baseline.value,
        r.measure.target.value,
        r.measure.target.date,
        r.measure.comparators?.national ?? '',
        r.measure.comparators?.statisticalNeighbours ?? '',
        r.measure.comparators?.year ?? '',
        r.status,
      ]),
    ),
  );
}
