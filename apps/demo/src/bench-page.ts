import { BenchView } from './bench/bench-view.js';
import { browserBackends } from './browser-backends.js';
import { runBrowserBench } from './bench/run-browser-bench.js';
import { checkRecipeBackend, type PageRecipeRequest, trainRecipeInPage } from './bench/train-recipe-in-page.js';
import './style.css';

const holder = document.getElementById('bench-holder');
if (holder === null) throw new Error('bench.html lacks #bench-holder');
new BenchView(holder, { before: async () => {}, after: async () => {} });

/** Told about every evaluation of a time-to-accuracy run: Playwright exposes it (progress lines on the Node side). */
type EvaluationListener = (point: unknown) => void;

/**
 * What `nnlab bench --browser` calls through Playwright: probes and the bench
 * runner; with `--to-accuracy`, a backend check and one training run.
 */
Object.assign(window, {
  nnlabBench: {
    probe: () => Promise.all(browserBackends.map(async (b) => ({ name: b.name, ...(await b.probe()) }))),
    run: runBrowserBench,
    checkRecipeBackend,
    trainRecipe: (request: PageRecipeRequest) =>
      trainRecipeInPage(request, (point) => void (window as unknown as { nnlabOnEvaluation?: EvaluationListener }).nnlabOnEvaluation?.(point)),
  },
});
