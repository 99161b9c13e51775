import jasmineRequire from 'jasmine-core/lib/jasmine-core/jasmine.js';
import bootJasmine from 'jasmine-core/lib/jasmine-core/node_boot.js';
import { activateForSuite, registerSuiteGradients } from 'nnlab-tfjs-suite-backend';
import type { SuiteConfig, SuiteFailure, SuiteResult } from './suite-types.js';

/** Gradient specs: tfjs names them `gradient`, `gradients`, `grad` or `derivative`. */
const GRADIENT_SPEC = /grad|derivative/i;
const MISSING_GRADIENT = /gradient function not found for (\w+)/;

/**
 * Boots jasmine-core (the version tfjs 4.22 tests with), activates the
 * backend, registers it as the only jasmine_util test environment, loads
 * tfjs-core 4.22.0's specs (`dist/tests.js`, every `*_test.js`), runs those
 * `config` selects and returns the counts. Bundled (see build-tfjs-suite.ts)
 * with one backend module; runs in Node (suite-entry.ts) or a page
 * (suite-entry-browser.ts).
 */
export async function runSuiteSpecs(config: SuiteConfig): Promise<SuiteResult> {
  const started = performance.now();
  const jasmine = bootJasmine(jasmineRequire);
  jasmine.DEFAULT_TIMEOUT_INTERVAL = 20_000;

  // Chained ops (`x.add(y)`) are used throughout the specs.
  await import('@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops.js');
  const backendName = await activateForSuite();
  if (registerSuiteGradients === undefined) {
    // tfjs-core's own gradients, registered after activation so they win over
    // nnlab's: the whole-suite runs test the backend's kernels, as tfjs does.
    await import('@tensorflow/tfjs-core/dist/register_all_gradients.js');
  } else {
    registerSuiteGradients();
  }
  const jasmineUtil = await import('@tensorflow/tfjs-core/dist/jasmine_util.js');
  jasmineUtil.setTestEnvs([{ name: backendName, backendName, isDataSync: true }]);

  // By jasmine spec id: two specs may share a name.
  const excludedBy = new Map<string, string>();
  const filtered = new Set<string>();
  const used = new Set<string>();
  const ops = config.ops;
  const env = jasmine.getEnv();
  env.configure({
    random: false,
    specFilter: (spec: { id: string; getFullName(): string }) => {
      const name = spec.getFullName();
      const exclusion = config.exclusions.find((entry) => (entry.pattern.endsWith('*') ? name.startsWith(entry.pattern.slice(0, -1)) : name === entry.pattern));
      if (exclusion !== undefined) {
        used.add(exclusion.pattern);
        excludedBy.set(spec.id, name);
        return false;
      }
      const selected =
        (config.mode !== 'gradients' || GRADIENT_SPEC.test(name)) &&
        (ops === undefined || ops.some((op) => name.startsWith(`${op} ${backendName} {`))) &&
        (config.grep === undefined || name.includes(config.grep));
      if (!selected) filtered.add(spec.id);
      return selected;
    },
  });

  let passed = 0;
  const passedNames: string[] = [];
  const failures: SuiteFailure[] = [];
  const missingGradient: Record<string, number> = {};
  env.addReporter({
    specDone: (result: JasmineSpecResult) => {
      if (result.status === 'passed') {
        passed += 1;
        passedNames.push(result.fullName);
      } else if (result.status === 'failed') {
        const messages = result.failedExpectations.map((failure) => failure.message);
        const missing = config.mode === 'gradients' ? messages.map((m) => MISSING_GRADIENT.exec(m)?.[1]).find((k) => k !== undefined) : undefined;
        if (missing !== undefined) {
          missingGradient[missing] = (missingGradient[missing] ?? 0) + 1;
        } else {
          failures.push({ name: result.fullName, message: (messages[0] ?? '').slice(0, 400) });
        }
      }
    },
  });

  await import('@tensorflow/tfjs-core/dist/tests.js');
  await env.execute();

  const result: SuiteResult = {
    backend: backendName,
    mode: config.mode,
    passed,
    failed: failures.length,
    excluded: excludedBy.size,
    filtered: filtered.size,
    missingGradient,
    passedNames,
    excludedNames: [...excludedBy.values()],
    failures,
    unusedExclusions: config.exclusions.map((entry) => entry.pattern).filter((pattern) => !used.has(pattern)),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  return result;
}
