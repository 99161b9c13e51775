/** One figure of a report page. */
export interface ReportFigure {
  /** File name relative to the page (`loss.svg`, `weights.png`). */
  readonly file: string;
  readonly title: string;
  readonly caption?: string;
  /** Draw pixels as squares (small images scaled up). */
  readonly pixelated?: boolean;
  /** Display width in CSS pixels (e.g. twice a small image's own width). */
  readonly width?: number;
}

/** A table of a report page (e.g. per-class accuracy). */
export interface ReportTable {
  readonly title: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const escapeHtml = (text: string): string => text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * One self-contained HTML page showing every figure of a report, with a
 * table of run details (model, dataset, final metrics, ...) above them.
 * No scripts: figures are image files next to the page.
 *
 * @example
 * await writeFile('index.html', reportIndexHtml('nnlab train', figures, { model: 'mlp:784-100-10' }));
 */
export function reportIndexHtml(title: string, figures: readonly ReportFigure[], details: Readonly<Record<string, string>> = {}, tables: readonly ReportTable[] = []): string {
  const extra = tables
    .map(
      (t) =>
        `<h2>${escapeHtml(t.title)}</h2>\n<table class="data">\n<tr>${t.header.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr>\n` +
        `${t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}\n</table>`,
    )
    .join('\n');
  const rows = Object.entries(details)
    .map(([key, value]) => `<tr><th>${escapeHtml(key)}</th><td>${escapeHtml(value)}</td></tr>`)
    .join('\n');
  const blocks = figures
    .map(
      (f) =>
        `<figure><h2>${escapeHtml(f.title)}</h2><img src="${encodeURI(f.file)}" alt="${escapeHtml(f.title)}"${f.pixelated === true ? ' class="pixelated"' : ''}${f.width === undefined ? '' : ` width="${Math.round(f.width)}"`}>` +
        `${f.caption === undefined ? '' : `<figcaption>${escapeHtml(f.caption)}</figcaption>`}</figure>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
table { border-collapse: collapse; margin-bottom: 1.5rem; }
th, td { text-align: left; padding: 0.2rem 0.8rem 0.2rem 0; vertical-align: top; }
figure { margin: 0 0 2rem 0; }
h2 { font-size: 1.05rem; margin: 0 0 0.5rem 0; }
img { max-width: 100%; border: 1px solid #eee; }
img.pixelated { image-rendering: pixelated; }
figcaption { color: #555; font-size: 0.9rem; margin-top: 0.3rem; max-width: 60rem; }
table.data td { text-align: right; font-variant-numeric: tabular-nums; }
table.data td:first-child { text-align: left; }
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<table>
${rows}
</table>
${blocks}
${extra}
</body>
</html>
`;
}
