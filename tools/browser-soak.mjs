#!/usr/bin/env node
// `pnpm soak:browser`: the browser half of the soak (issue 26). Builds (or reuses) the demo site,
// serves it, opens soak.html in headless Chromium and trains mlp:784-128-10,dropout=0.1 with Adam for
// 2,000 steps on webgl and on webgpu (SwiftShader here), sampling tf.memory() every 250 steps (and, on
// webgpu, tfjs' GPU buffer pool: buffers in use, buffers kept for reuse, bytes of every buffer created
// and not destroyed). Passes when numTensors and numBytes (and the pool's three counts) are exactly
// flat after the first sample. A page sees neither the GPU driver's memory nor the allocator's.
//
//   pnpm soak:browser [--steps 2000] [--every 250] [--backends webgl,webgpu] [--out FILE]
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ensureDemoBuild, findChromium, launchChromium, serveStatic } from '../apps/cli/dist/index.js';

const { values } = parseArgs({
  options: {
    steps: { type: 'string', default: '2000' },
    every: { type: 'string', default: '250' },
    backends: { type: 'string', default: 'webgl,webgpu' },
    out: { type: 'string' },
  },
});
const steps = Number(values.steps);
const every = Number(values.every);
const chromium = findChromium();
if (chromium.path === undefined) {
  console.error(`soak:browser: ${chromium.reason}`);
  process.exit(2);
}
const dist = await ensureDemoBuild({ onBuild: (why) => process.stderr.write(`soak:browser: building apps/demo (${why})...\n`) });
const server = await serveStatic(dist);
const browser = await launchChromium(chromium.path);
const rows = [];
try {
  for (const backend of values.backends.split(',')) {
    process.stderr.write(`soak:browser: ${backend} ${steps} steps ... `);
    const page = await browser.context.newPage();
    page.setDefaultTimeout(30 * 60_000);
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server.url}soak.html`);
    await page.waitForFunction(() => window.nnlabSoak !== undefined);
    const report = await page.evaluate(([b, s, e]) => window.nnlabSoak.run(b, { steps: s, every: e }), [backend, steps, every]);
    await page.close();
    if (report.unavailable !== undefined) {
      rows.push({ backend, skipped: report.unavailable });
      process.stderr.write(`skipped: ${report.unavailable}\n`);
      continue;
    }
    if (report.error !== undefined) errors.push(report.error);
    if (report.samples.length < 2) {
      rows.push({ backend, skipped: undefined, failed: errors[0] ?? 'no samples', steps: report.samples.at(-1)?.step ?? 0 });
      process.stderr.write(`FAIL: ${errors[0]}\n`);
      continue;
    }
    const steady = report.samples.slice(1);
    const tensors = new Set(steady.map((s) => s.numTensors));
    const bytes = new Set(steady.map((s) => s.numBytes));
    // webgpu: the buffer pool, as one key per sample (the same key at every sample when it is flat).
    const gpu = steady[0].gpuBuffersUsed === undefined ? undefined : new Set(steady.map((s) => `${s.gpuBuffersUsed}/${s.gpuBuffersFree}/${s.gpuBytesAllocated}`));
    const last = report.samples.at(-1);
    const row = {
      backend,
      ...(report.error === undefined ? {} : { error: report.error }),
      steps: last.step,
      seconds: report.seconds,
      msPerStep: (report.seconds * 1000) / last.step,
      numTensors: steady[0].numTensors,
      numBytes: steady[0].numBytes,
      tensorsRange: `${Math.min(...tensors)}-${Math.max(...tensors)}`,
      bytesRange: `${Math.min(...bytes)}-${Math.max(...bytes)}`,
      gpuBuffers: gpu === undefined ? undefined : [...gpu],
      pass: tensors.size === 1 && bytes.size === 1 && (gpu === undefined || gpu.size === 1) && errors.length === 0,
      errors,
      samples: report.samples,
    };
    rows.push(row);
    process.stderr.write(`${row.pass ? 'ok' : 'FAIL'} (${row.seconds.toFixed(0)} s)\n`);
  }
} finally {
  await browser.close();
  await server.close();
}
console.log(
  [
    '| backend (Chromium) | steps | ms/step | numTensors after warm-up | numBytes after warm-up | GPU buffers used / pooled / MB allocated | result |',
    '| --- | ---: | ---: | --- | --- | --- | --- |',
    ...rows.map((r) =>
      r.skipped
        ? `| ${r.backend} | - | - | - | - | - | skipped: ${r.skipped} |`
        : r.failed !== undefined
          ? `| ${r.backend} | ${r.steps} | - | - | - | - | FAIL: ${r.failed} |`
        : `| ${r.backend} | ${r.steps.toLocaleString('en-US')} | ${r.msPerStep.toFixed(1)} | ${r.tensorsRange.split('-')[0] === r.tensorsRange.split('-')[1] ? `${r.numTensors} (flat)` : `${r.tensorsRange} (NOT flat)`} | ` +
          `${r.bytesRange.split('-')[0] === r.bytesRange.split('-')[1] ? `${r.numBytes.toLocaleString('en-US')} (flat)` : `${r.bytesRange} (NOT flat)`} | ${gpuCell(r.gpuBuffers)} | ${r.pass ? 'pass' : `FAIL${r.errors.length > 0 ? `: ${r.errors[0]}` : ''}`} |`,
    ),
  ].join('\n'),
);
/** `used / pooled / MB` of webgpu's buffer pool, `(flat)` when every sample after warm-up had the same. */
function gpuCell(keys) {
  if (keys === undefined) return 'n/a';
  const shown = keys.map((k) => {
    const [used, free, bytes] = k.split('/').map(Number);
    return `${used} / ${free} / ${(bytes / 1e6).toFixed(2)}`;
  });
  return keys.length === 1 ? `${shown[0]} (flat)` : `${shown.join(', ')} (NOT flat)`;
}
if (values.out !== undefined) writeFileSync(values.out, `${JSON.stringify({ date: new Date().toISOString(), steps, every, rows }, null, 1)}\n`);
process.exit(rows.every((r) => r.skipped !== undefined || r.pass) ? 0 : 1);
