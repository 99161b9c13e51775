// fit on webgl in one headless-Chromium page: the bare step, the bare step with fit's masked update
// (masked-step), fit, and fit with the backend's
// masked-update kernels hidden (fit-portable: the sum/where path fit took before they existed).
//
//   node tools/bench/webgl-fit-browser.mjs [backends=webgl] [workloads=mlp] [budgetSeconds=8] [repeats=5]
//
// Uses the built CLI (`pnpm build`) for the demo build, the static server and Chromium.
import { formatBenchTable } from '../../packages/bench/dist/index.js';
import { ensureDemoBuild, findChromium, launchChromium, serveStatic } from '../../apps/cli/dist/index.js';

const [backends = 'webgl', workloads = 'mlp', budgetText = '8', repeatsText = '5'] = process.argv.slice(2);
const chromium = findChromium();
if (chromium.path === undefined) throw new Error(chromium.reason);
const dist = await ensureDemoBuild({ onBuild: (why) => console.error(`building apps/demo (${why})...`) });
const server = await serveStatic(dist);
const browser = await launchChromium(chromium.path);
try {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(20 * 60_000);
  await page.goto(`${server.url}bench.html`);
  await page.waitForFunction(() => 'nnlabBench' in window);
  const options = { backends: backends.split(','), workloads: workloads.split(','), budgetSeconds: Number(budgetText), repeats: Number(repeatsText), compareMaskKernels: true };
  const { report, userAgent } = await page.evaluate((o) => window.nnlabBench.run(o), options);
  console.log(formatBenchTable(report));
  console.log(`${userAgent}; ${new Date().toISOString()}; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}`);
} finally {
  await browser.close();
  await server.close();
}
