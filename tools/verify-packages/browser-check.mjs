// Serves the Vite build (argv[2]) on 127.0.0.1, as an ordinary site would (no
// cross-origin isolation headers), opens it in headless Chromium through the
// packed @nnlab/browser-harness' launcher, and checks that the page trained on wasm.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { findChromium, launchChromium } from '@nnlab/browser-harness';

const root = normalize(join(process.cwd(), process.argv[2] ?? 'web-dist') + sep);
const types = { '.html': 'text/html', '.js': 'text/javascript', '.wasm': 'application/wasm', '.css': 'text/css' };
const requested = [];
const server = createServer((request, response) => {
  const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
  const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
  requested.push(`${path}`);
  let size;
  try {
    size = file.startsWith(root) ? statSync(file).size : undefined;
  } catch {}
  if (size === undefined) return void response.writeHead(404).end();
  response.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream', 'Content-Length': size });
  createReadStream(file).pipe(response);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}/`;

const chromium = findChromium();
if (chromium.path === undefined) throw new Error(`no Chromium: ${chromium.reason}`);
const browser = await launchChromium(chromium.path);
try {
  const page = await browser.context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  // The README example takes webgl when the browser has it; this check is about the bundled wasm binaries.
  await page.goto(`${url}?backend=wasm`);
  await page.waitForFunction(() => window.nnlabResult !== undefined, undefined, { timeout: 60_000 });
  const result = await page.evaluate(() => window.nnlabResult);
  if ('error' in result) throw new Error(`the page failed: ${result.error}`);
  const [first, last] = [result.losses[0], result.losses.at(-1)];
  if (result.backend !== 'wasm') throw new Error(`the page trained on '${result.backend}', not wasm`);
  if (!(last < first)) throw new Error(`loss did not go down in the page: ${result.losses.join(', ')}`);
  if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`);
  const wasm = requested.filter((path) => path.endsWith('.wasm'));
  // The README example trains on @nnlab/datasets' embedded digits: the page fetched the package's asset.
  const digits = requested.filter((path) => /mnist-10k[^/]*\.bin$/.test(path));
  if (digits.length === 0) throw new Error(`the page never fetched the embedded MNIST digits (requests: ${requested.join(', ')})`);
  console.log(`  ok  Chromium: ${result.losses.length} epochs on wasm (SIMD ${result.simd}), loss ${first.toFixed(3)} -> ${last.toFixed(3)}; fetched ${[...digits, ...wasm].join(', ')}`);
} finally {
  await browser.close();
  server.close();
}
