import type { BackendInfo } from '@nnlab/core';
import { activateBrowserBackend } from './browser-backends.js';
import { type CaseResult, runConformance, type RunConformanceOptions } from './conformance/run-conformance.js';
import { element } from './dom/element.js';

/** What `window.nnlabConformance.run` resolves to. */
export interface ConformanceReport {
  readonly backend: string;
  readonly info?: BackendInfo;
  /** Set when the backend could not be activated: no cases ran. */
  readonly unavailable?: string;
  readonly results: readonly CaseResult[];
  readonly seconds: number;
}

const table = element('tbody', {});
const status = element('p', { id: 'status' }, 'Choose a backend to check it against cpu.');

function row(result: CaseResult): HTMLTableRowElement {
  return element(
    'tr',
    { className: result.status },
    element('td', {}, result.name),
    element('td', {}, result.status),
    element('td', {}, `${result.ms.toFixed(0)} ms`),
    element('td', {}, result.message ?? ''),
  );
}

/**
 * Activates cpu (the reference) and `backend`, then runs every conformance
 * case in this page, filling the table as results arrive.
 */
async function run(backend: string, options: Omit<RunConformanceOptions, 'onResult'> = {}): Promise<ConformanceReport> {
  const started = performance.now();
  table.replaceChildren();
  status.textContent = `activating ${backend}...`;
  let info: BackendInfo;
  try {
    await activateBrowserBackend('cpu');
    info = await activateBrowserBackend(backend);
  } catch (error) {
    const unavailable = error instanceof Error ? error.message : String(error);
    status.textContent = unavailable;
    return { backend, unavailable, results: [], seconds: (performance.now() - started) / 1000 };
  }
  status.textContent = `running on ${backend} (${info.device ?? info.tfjsBackend})...`;
  // Finite differences read synchronously, which tfjs-webgpu cannot do reliably (see RunConformanceOptions).
  const finiteDifferences = options.finiteDifferences ?? backend !== 'webgpu';
  const results = await runConformance(info.tfjsBackend, { ...options, finiteDifferences, onResult: (result) => table.append(row(result)) });
  const failed = results.filter((r) => r.status === 'fail').length;
  status.textContent = `${backend}: ${results.length - failed} of ${results.length} cases pass`;
  return { backend, info, results, seconds: (performance.now() - started) / 1000 };
}

const buttons = ['webgpu', 'webgl', 'wasm', 'cpu'].map((name) => {
  const button = element('button', { type: 'button' }, name);
  button.addEventListener('click', () => void run(name));
  return button;
});
document.body.append(
  element('h1', {}, 'nnlab backend conformance'),
  element('p', {}, 'Every op and gradient nnlab trains with, run on the chosen backend and compared with the cpu backend.'),
  element('div', {}, ...buttons),
  status,
  element('table', {}, element('thead', {}, element('tr', {}, ...['case', 'result', 'time', 'message'].map((h) => element('th', {}, h)))), table),
);

Object.assign(window, { nnlabConformance: { run } });
