import type { ImageDataset } from '@nnlab/datasets';
import { trainTestSplit } from '@nnlab/datasets';
import { cnnNames } from '@nnlab/models';
import { optimizerNames } from '@nnlab/optimizers';
import { Rng } from '@nnlab/core';
import { BenchView } from './bench/bench-view.js';
import { activateBrowserBackend, browserBackends } from './browser-backends.js';
import { LiveLineChart } from './charts/live-line-chart.js';
import { element } from './dom/element.js';
import { DrawingPad } from './draw/drawing-pad.js';
import { type DroppedModel, loadDroppedCheckpoint } from './draw/dropped-checkpoint.js';
import { ProbabilityBars } from './draw/probability-bars.js';
import { drawPredictions } from './inspect/predictions-grid.js';
import { drawFirstLayer } from './inspect/weights-view.js';
import { loadEmbeddedMnist } from './load-embedded-mnist.js';
import { FitSession, type SessionSettings, type TrainingProgress } from './train/fit-session.js';
import { PendingWork } from './train/pending-work.js';
import './style.css';

const $ = <T extends HTMLElement>(id: string): T => {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`index.html lacks #${id}`);
  return found as T;
};

const params = new URLSearchParams(location.search);
const backendSelect = $<HTMLSelectElement>('backend');
const modelSelect = $<HTMLSelectElement>('model');
const optimizerSelect = $<HTMLSelectElement>('optimizer');
const lrInput = $<HTMLInputElement>('lr');
const batchInput = $<HTMLInputElement>('batch-size');
const trainButton = $<HTMLButtonElement>('train');
const stopButton = $<HTMLButtonElement>('stop');
const resetButton = $<HTMLButtonElement>('reset');
const status = $<HTMLParagraphElement>('status');
const readouts = {
  step: $('readout-step'),
  epoch: $('readout-epoch'),
  loss: $('readout-loss'),
  accuracy: $('readout-accuracy'),
  testAccuracy: $('readout-test-accuracy'),
  samplesPerSec: $('readout-samples-per-sec'),
};

const lossChart = new LiveLineChart($<HTMLCanvasElement>('loss-chart'), 'loss', [{ label: 'train loss', color: '#2563eb' }]);
const accuracyChart = new LiveLineChart($<HTMLCanvasElement>('accuracy-chart'), 'accuracy', [
  { label: 'train (batches)', color: '#2563eb' },
  { label: 'test (500 images)', color: '#dc2626' },
], { yMin: 0, yMax: 1 });
const bars = new ProbabilityBars($('probabilities-holder'));

let data: { train: ImageDataset; test: ImageDataset } | undefined;
let session: FitSession | undefined;
let sessionBackend = '';
let activeBackend = '';
let lastInspect = 0;

/**
 * What the Train, Stop and Reset buttons may do now. `stopping`: Stop was
 * pressed and the run is finishing its step; `resetting`: Reset waits for
 * every use of the model ({@link work}) to end before it frees the model.
 */
type Phase = 'idle' | 'training' | 'stopping' | 'resetting';
let phase: Phase = 'idle';
/** The training run in flight (from Train to its last inspection), if any. */
let runTask: Promise<void> | undefined;
/** Other uses of the model in flight: inspections and drawing-pad predictions. */
const work = new PendingWork();

/** Resolves once no training run, inspection or prediction uses the model. */
async function modelUnused(): Promise<void> {
  await runTask;
  await work.settled();
}

function setPhase(next: Phase): void {
  phase = next;
  trainButton.disabled = phase !== 'idle' || data === undefined;
  stopButton.disabled = phase !== 'training';
  resetButton.disabled = phase === 'resetting';
  trainButton.textContent = session === undefined ? 'Train' : 'Resume';
}

function setStatus(text: string, isError = false): void {
  status.textContent = text;
  status.classList.toggle('error', isError);
}

function settingsFromControls(): SessionSettings {
  return {
    model: modelSelect.value,
    optimizer: optimizerSelect.value,
    learningRate: Number(lrInput.value),
    batchSize: Math.max(1, Math.floor(Number(batchInput.value))),
    seed: 0,
  };
}

async function useBackend(name: string): Promise<void> {
  if (name === activeBackend) return;
  setStatus(`starting ${name}...`);
  const info = await activateBrowserBackend(name);
  activeBackend = name;
  setStatus(`${name} ready`);
  $('backend-info').textContent =
    `${name}: tfjs ${info.tfjsBackend}, ${info.threads} thread${info.threads === 1 ? '' : 's'}, SIMD ${info.simd ? 'on' : 'off'}` +
    `${info.device === undefined ? '' : `, ${info.device}`}${info.notes?.length ? ` (${info.notes.join('; ')})` : ''}`;
}

function showProgress(progress: TrainingProgress): void {
  readouts.step.textContent = String(progress.step);
  readouts.epoch.textContent = progress.epoch.toFixed(2);
  readouts.loss.textContent = progress.loss.toFixed(4);
  readouts.accuracy.textContent = `${(progress.accuracy * 100).toFixed(1)}%`;
  readouts.samplesPerSec.textContent = progress.samplesPerSec.toFixed(0);
  lossChart.add(0, progress.step, progress.loss);
  accuracyChart.add(0, progress.step, progress.accuracy);
  if (progress.testAccuracy !== undefined) {
    readouts.testAccuracy.textContent = `${(progress.testAccuracy * 100).toFixed(1)}%`;
    accuracyChart.add(1, progress.step, progress.testAccuracy);
  }
  if (performance.now() - lastInspect > 3000) void refreshInspection();
}

/** Redraws the weights, the prediction grid and the drawing's bars from the current model (skipped while Reset frees it). */
function refreshInspection(): Promise<void> {
  const current = session;
  const test = data?.test;
  if (current === undefined || test === undefined || phase === 'resetting') return Promise.resolve();
  lastInspect = performance.now();
  // Tracked, so Reset waits for it: it reads the model across several awaits.
  return work.track(
    (async () => {
      const weights = await current.firstLayerWeights();
      drawFirstLayer($<HTMLCanvasElement>('weights'), weights.shape, weights.values);
      const count = 48;
      const right = drawPredictions($<HTMLCanvasElement>('predictions'), test, await current.predict(test.images.subarray(0, count * 784), count));
      $('predictions-caption').textContent = `${right} of ${count} test images right (green right, red wrong)`;
      await predictDrawing(pad.toMnist());
    })(),
  );
}

let dropped: DroppedModel | undefined;

async function predictDrawing(pixels: Float32Array | undefined): Promise<void> {
  if (pixels === undefined) return bars.show(undefined);
  if (dropped !== undefined) {
    $('draw-hint').textContent = `classified by ${dropped.description}`;
    return bars.show(await dropped.predict(pixels));
  }
  const current = session;
  if (current === undefined || phase === 'resetting') {
    $('draw-hint').textContent = 'Train a model first: the bars show what it thinks you drew.';
    return;
  }
  $('draw-hint').textContent = '';
  bars.show(await work.track(current.predict(pixels, 1)));
}
const pad = new DrawingPad($('pad-holder'), (pixels) => void predictDrawing(pixels));

async function useDroppedFiles(files: readonly File[]): Promise<void> {
  const modelStatus = $('model-status');
  try {
    await useBackend(activeBackend === '' ? backendSelect.value : activeBackend);
    const loaded = await loadDroppedCheckpoint(files);
    dropped?.dispose();
    dropped = loaded;
    modelStatus.textContent = `loaded ${loaded.description}; draw a digit`;
    modelStatus.classList.remove('error');
    await predictDrawing(pad.toMnist());
  } catch (error) {
    modelStatus.textContent = `could not load: ${error instanceof Error ? error.message : String(error)}`;
    modelStatus.classList.add('error');
  }
}
const dropZone = $('model-drop');
dropZone.addEventListener('dragover', (event) => {
  event.preventDefault();
  dropZone.classList.add('over');
});
dropZone.addEventListener('dragleave', () => dropZone.classList.remove('over'));
dropZone.addEventListener('drop', (event) => {
  event.preventDefault();
  dropZone.classList.remove('over');
  void useDroppedFiles(Array.from(event.dataTransfer?.files ?? []));
});
$<HTMLInputElement>('model-files').addEventListener('change', (event) => void useDroppedFiles(Array.from((event.target as HTMLInputElement).files ?? [])));

/** Stop: asks the run to stop after its current step and resolves once it and every inspection have ended. */
async function stopTraining(): Promise<void> {
  if (phase === 'training') {
    setPhase('stopping');
    session?.stop();
  }
  await modelUnused();
}

/**
 * Reset: stops a run (if any), waits until nothing uses the model any more
 * (the stopping run's last step and its inspection included), then frees it.
 * The next Train starts a new model.
 */
async function resetSession(): Promise<void> {
  if (phase === 'resetting') return;
  session?.stop();
  setPhase('resetting');
  try {
    await modelUnused();
    const old = session;
    session = undefined;
    old?.dispose();
    lossChart.clear();
    accuracyChart.clear();
    for (const readout of Object.values(readouts)) readout.textContent = '-';
    if (data !== undefined) setStatus('Reset: press Train to start a new model.');
  } finally {
    setPhase('idle');
  }
}

/** Starts or resumes training; a changed backend, model, optimizer or batch size starts a new model. */
async function train(maxSteps?: number): Promise<void> {
  if (phase !== 'idle' || data === undefined) return;
  const settings = settingsFromControls();
  if (!(settings.learningRate > 0)) return setStatus(`learning rate must be a number > 0, got "${lrInput.value}"`, true);
  setPhase('training');
  runTask = runTraining(data, settings, maxSteps);
  try {
    await runTask;
  } finally {
    runTask = undefined;
  }
}

async function runTraining(loaded: { train: ImageDataset; test: ImageDataset }, settings: SessionSettings, maxSteps: number | undefined): Promise<void> {
  try {
    await useBackend(backendSelect.value);
    const same = session !== undefined && sessionBackend === activeBackend && (['model', 'optimizer', 'batchSize'] as const).every((k) => session?.settings[k] === settings[k]);
    if (!same) {
      // Hide the old model from new inspections, wait for those in flight, then free it.
      const old = session;
      session = undefined;
      await work.settled();
      old?.dispose();
      lossChart.clear();
      accuracyChart.clear();
      session = new FitSession(settings, loaded.train, loaded.test);
      sessionBackend = activeBackend;
    }
    const current = session as FitSession;
    current.setLearningRate(settings.learningRate);
    setStatus(`training ${settings.model} with ${settings.optimizer} (lr ${settings.learningRate}) on ${activeBackend}...`);
    // Stop pressed while the backend was starting: do not start the run at all.
    if (phase === 'training') await current.run({ onProgress: showProgress, ...(maxSteps === undefined ? {} : { maxSteps }) });
    // Reset pressed meanwhile: it reports and frees the model once this returns.
    if (phase === 'resetting') return;
    setStatus(`stopped after ${current.steps} steps on ${activeBackend}; press Resume to go on`);
    await refreshInspection();
  } catch (error) {
    if (phase !== 'resetting') setStatus(error instanceof Error ? error.message : String(error), true);
  } finally {
    if (phase !== 'resetting') setPhase('idle');
  }
}

async function probeBackends(): Promise<void> {
  const list = $('backend-reasons');
  const results = await Promise.all(browserBackends.map(async (b) => ({ backend: b, probe: await b.probe() })));
  const wanted = params.get('backend');
  let chosen: string | undefined;
  for (const { backend, probe } of results) {
    backendSelect.append(element('option', { value: backend.name, disabled: !probe.available }, probe.available ? backend.name : `${backend.name} (unavailable)`));
    list.append(
      element('li', { className: probe.available ? 'available' : 'unavailable', dataset: { backend: backend.name } }, element('strong', {}, backend.name), `: ${probe.available ? 'available' : 'unavailable'}${probe.reason === undefined ? '' : ` - ${probe.reason}`}`),
    );
  }
  // Default: the first available of webgl, wasm, cpu (SwiftShader-backed WebGPU is slow; pick it by hand or ?backend=webgpu).
  for (const name of [wanted, 'webgl', 'wasm', 'cpu']) {
    if (chosen === undefined && results.some((r) => r.backend.name === name && r.probe.available)) chosen = name ?? undefined;
  }
  backendSelect.value = chosen ?? 'cpu';
}

function fillChoices(): void {
  for (const name of ['mlp', ...cnnNames.filter((n) => n !== 'cnn2')]) modelSelect.append(element('option', { value: name }, name));
  for (const name of optimizerNames) optimizerSelect.append(element('option', { value: name }, name));
  modelSelect.value = params.get('model') ?? 'mlp';
  optimizerSelect.value = params.get('optimizer') ?? 'adam';
  lrInput.value = params.get('lr') ?? '0.001';
}

const bench = new BenchView($('bench-holder'), {
  before: stopTraining,
  // The bench switched backends: select the training backend again before the page trains or predicts.
  after: async () => {
    const previous = activeBackend;
    activeBackend = '';
    if (previous !== '') await useBackend(previous);
  },
});

trainButton.addEventListener('click', () => void train());
stopButton.addEventListener('click', () => void stopTraining());
resetButton.addEventListener('click', () => void resetSession());
$('clear-pad').addEventListener('click', () => pad.clear());
lrInput.addEventListener('change', () => {
  const value = Number(lrInput.value);
  if (value > 0) session?.setLearningRate(value);
});

async function start(): Promise<void> {
  fillChoices();
  setStatus('loading the embedded MNIST digits and probing backends...');
  const [digits] = await Promise.all([loadEmbeddedMnist(), probeBackends()]);
  data = trainTestSplit(digits, { testCount: 2000, rng: new Rng(0) });
  setPhase('idle');
  setStatus(`${data.train.count} training and ${data.test.count} test digits loaded; choose a backend and press Train.`);
}

const ready = start().catch((error: unknown) => setStatus(`could not start: ${error instanceof Error ? error.message : String(error)}`, true));

/** For automated tests and the console: the page's state and a few actions. */
Object.assign(window, {
  nnlabDemo: {
    ready,
    train,
    stop: stopTraining,
    reset: resetSession,
    /** Resolves once no training run, Reset, inspection or prediction is in flight. */
    idle: modelUnused,
    bench: (options?: Parameters<BenchView['run']>[0]) => bench.run(options),
    /** The drawn digit as the model sees it (28x28, [0, 1]), or [] when the pad is empty. */
    drawing: () => Array.from(pad.toMnist() ?? []),
    state: () => ({
      backend: activeBackend,
      steps: session?.steps ?? 0,
      running: phase === 'training' || phase === 'stopping',
      phase,
      lossPoints: lossChart.pointCounts()[0] ?? 0,
      accuracyPoints: accuracyChart.pointCounts(),
      status: status.textContent ?? '',
    }),
  },
});
