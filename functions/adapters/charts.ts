/** Draws the report's charts (Vega-Lite specifications) to SVG with vega, in the function: no browser, no network. */
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { Chart } from '../core/reporting/charts';

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
