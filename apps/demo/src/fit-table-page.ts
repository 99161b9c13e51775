import { activateBrowserBackend } from './browser-backends.js';
import { type FitCaseResult, runFitTable } from './fit-table/fit-cases.js';

/** What `window.nnlabFitTable.run` resolves to. */
export interface FitTableReport {
  readonly backend: string;
  /** Set when the backend could not be activated: no case ran. */
  readonly unavailable?: string;
  readonly results: readonly FitCaseResult[];
}

const status = document.getElementById('status') as HTMLParagraphElement;

/** Activates `backend` and runs every fit case on it (fit-table/fit-cases.ts). */
async function run(backend: string): Promise<FitTableReport> {
  status.textContent = `activating ${backend}...`;
  try {
    await activateBrowserBackend(backend);
  } catch (error) {
    const unavailable = error instanceof Error ? error.message : String(error);
    status.textContent = unavailable;
    return { backend, unavailable, results: [] };
  }
  status.textContent = `running the fit table on ${backend}...`;
  const results = await runFitTable();
  status.textContent = `${backend}: ${results.map((r) => `${r.name} ${r.losses.length} steps`).join(', ')}`;
  return { backend, results };
}

/** For the headless-Chromium test (src/browser-tests/fit-table.browser.test.ts) and the console. */
Object.assign(window, { nnlabFitTable: { run } });
