/** Draws the report's charts (Vega-Lite specifications) to SVG with vega, in the function: no browser, no network. */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Chart } from '../core/reporting/charts';
import type { DrawnChart } from '../core/reporting/report';
import type { Html } from '../core/html';
import type { MeasureRow, MeasuresFile } from '../core/measures/measures';
import { measuresChart, measuresSection } from '../core/measures/measures-report';

export async function drawChart(chart: Chart): Promise<string> {
  const view = new vega.View(vega.parse(compile(chart.spec as never).spec), { renderer: 'none' });
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
