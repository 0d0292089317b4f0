/** Draws the report's charts (Vega-Lite specifications) to SVG with vega, in the function: no browser, no network. */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Chart } from '../core/reporting/charts';
import type { DrawnChart } from '../core/reporting/report';
import type { Html } from '../core/html';
import type { MeasureRow, MeasuresFile } from '../core/measures/measures';
import { measuresChart, measuresSection } from '../core/measures/measures-report';

/** The name a chart's rows go by in its compiled specification, given to each view (see drawChart). */
const ROWS = 'rows';
/** The signal a chart's title (where it is plain text) is given by, so that charts titled by their area share a shape. */
const TITLE = 'chartTitle';
/** Compiled and parsed charts, by their specification without its rows; bounded, as a warm function keeps it. */
const parsedCharts = new Map<string, vega.Runtime>();
const MOST_PARSED_CHARTS = 200;

/**
 * The chart's specification compiled (Vega-Lite to Vega) and parsed, without its rows or its title: charts of the
 * same shape (each AAG area's, term by term, the measures' chart titled with its area) are compiled and parsed
 * once, and only drawn with their own rows and title. Compiling and parsing were two thirds of drawing a chart,
 * and the area reports draw five for each area.
 */
function parsedChart(spec: Record<string, unknown>): { runtime: vega.Runtime; rows?: unknown[]; title?: string } {
  const { data, title, ...shape } = spec as { data?: { values?: unknown[] }; title?: unknown; params?: unknown[] };
  const rows = data && Object.keys(data).length === 1 && Array.isArray(data.values) ? data.values : undefined;
  const plainTitle = typeof title === 'string' ? title : undefined;
  // The rows by name, and a plain title by a signal; anything else as the specification gave it.
  const named = {
    ...shape,
    ...(rows ? { data: { name: ROWS } } : { data }),
    ...(plainTitle !== undefined ? { params: [...(shape.params ?? []), { name: TITLE, value: '' }], title: { text: { expr: TITLE } } } : { title }),
  };
  const key = JSON.stringify(named);
  let runtime = parsedCharts.get(key);
  if (!runtime) {
    runtime = vega.parse(compile(named as never).spec);
    if (parsedCharts.size >= MOST_PARSED_CHARTS) parsedCharts.clear();
    parsedCharts.set(key, runtime);
  }
  return { runtime, ...(rows ? { rows } : {}), ...(plainTitle !== undefined ? { title: plainTitle } : {}) };
}

export async function drawChart(chart: Chart): Promise<string> {
  const { runtime, rows, title } = parsedChart(chart.spec);
  const view = new vega.View(runtime, { renderer: 'none' });
  // Vega marks the rows it takes in: each view gets its own copies.
  if (rows) view.data(ROWS, rows.map((row) => ({ ...(row as object) })));
  if (title !== undefined) view.signal(TITLE, title);
  try {
    const svg = await view.toSVG();
    // The figure's caption and data table describe it; the drawing is labelled as one image with that description.
    return svg.replace('<svg ', `<svg role="img" aria-label="${chart.description.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;')}" `);
  } finally {
    view.finalize();
  }
}

/** Each chart with its drawing. */
export function drawCharts(charts: readonly Chart[]): Promise<DrawnChart[]> {
  return Promise.all(charts.map(async (chart) => ({ chart, svg: await drawChart(chart) })));
}

/** The ECB's measures for a scope, as a report shows them: the table and its chart, drawn. */
export async function measuresShown(file: MeasuresFile, rows: MeasureRow[], scope: string): Promise<Html> {
  const [chart] = await drawCharts([measuresChart(rows, scope)]);
  return measuresSection(`${file.title} (${file.id}, from ${file.effectiveFrom}), for ${scope}`, rows, chart);
}
