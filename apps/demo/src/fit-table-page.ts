import { activateBrowserBackend } from './browser-backends.js';
import { type FitCaseResult, runFitTable } from './fit-table/fit-cases.js';
import { checkMaskKernels, type MaskKernelReport } from './fit-table/mask-kernel-cases.js';

/** What `window.nnlabFitTable.run` resolves to. */
export interface FitTableReport {
  readonly backend: string;
  /** Set when the backend could not be activated: no case ran. */
  readonly unavailable?: string;
  readonly results: readonly FitCaseResult[];
  /** The backend's masked-update kernels checked against what they must compute (absent when unavailable). */
  readonly maskKernels?: MaskKernelReport;
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
  const maskKernels = await checkMaskKernels();
  status.textContent = `${backend}: ${results.map((r) => `${r.name} ${r.losses.length} steps`).join(', ')}; mask kernels: ${maskKernels.kernels.length === 0 ? 'none (portable path)' : maskKernels.kernels.join(', ')}`;
  return { backend, results, maskKernels };
}

/** For the headless-Chromium test (src/browser-tests/fit-table.browser.test.ts) and the console. */
Object.assign(window, { nnlabFitTable: { run } });
