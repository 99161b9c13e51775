import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/**
 * Renders a Vega-Lite spec to an SVG document in Node, without a browser or
 * canvas (Vega's headless `renderer: 'none'` view and its SVG string
 * renderer; text widths are estimated).
 *
 * @example
 * await writeFile('loss.svg', await renderSvg(learningCurveSpec(points, 'loss')));
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
