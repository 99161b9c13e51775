import { BenchView } from './bench/bench-view.js';
import { browserBackends } from './browser-backends.js';
import { runBrowserBench } from './bench/run-browser-bench.js';
import './style.css';

const holder = document.getElementById('bench-holder');
if (holder === null) throw new Error('bench.html lacks #bench-holder');
new BenchView(holder, { before: async () => {}, after: async () => {} });

/** What `nnlab bench --browser` calls through Playwright: probes and the bench runner. */
Object.assign(window, {
  nnlabBench: {
    probe: () => Promise.all(browserBackends.map(async (b) => ({ name: b.name, ...(await b.probe()) }))),
    run: runBrowserBench,
  },
});
