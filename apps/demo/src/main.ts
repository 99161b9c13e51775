import type { ImageDataset } from '@nnlab/datasets';
import { loadMnist10k, trainTestSplit } from '@nnlab/datasets';
import { cnnNames } from '@nnlab/models';
import { optimizerNames } from '@nnlab/optimizers';
import { Rng } from '@nnlab/core';
import { BenchView } from './bench/bench-view.js';
import { ACTIVATION_TIMEOUT_MS, activateBrowserBackend, browserBackends } from './browser-backends.js';
import { chooseBackend } from './choose-backend/choose-backend.js';
import type { BackendChoice } from './choose-backend/rank-backends.js';
import { LiveLineChart } from './charts/live-line-chart.js';
import { element } from './dom/element.js';
import { DrawingPad } from './draw/drawing-pad.js';
import { type DroppedModel, loadDroppedCheckpoint } from './draw/dropped-checkpoint.js';
import { ProbabilityBars } from './draw/probability-bars.js';
import { drawPredictions, predictionColumns } from './inspect/predictions-grid.js';
import { drawFirstLayer } from './inspect/weights-view.js';
import { CheckpointPanel } from './train/checkpoint-panel.js';
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
const epochsInput = $<HTMLInputElement>('epochs');
const trainButton = $<HTMLButtonElement>('train');
const stopButton = $<HTMLButtonElement>('stop');
const resetButton = $<HTMLButtonElement>('reset');
const status = $<HTMLParagraphElement>('status');
const readouts = {
  step: $('readout-step'),
  epoch: $('readout-epoch'),
  loss: $('readout-loss'),
  accuracy: $('readout-accuracy'),
  testLoss: $('readout-test-loss'),
  testAccuracy: $('readout-test-accuracy'),
  samplesPerSec: $('readout-samples-per-sec'),
};

// Train: the mean over the batches since the last point; test: a fixed 500-image subset of the held-out digits.
const TRAIN_SERIES = { label: 'train (batches)', color: '#2563eb' };
const TEST_SERIES = { label: 'test (500 images)', color: '#dc2626' };
const lossChart = new LiveLineChart($<HTMLCanvasElement>('loss-chart'), 'loss (cross-entropy)', [TRAIN_SERIES, TEST_SERIES], { xLabel: 'epoch', yMin: 0 });
const accuracyChart = new LiveLineChart($<HTMLCanvasElement>('accuracy-chart'), 'accuracy', [TRAIN_SERIES, TEST_SERIES], { xLabel: 'epoch', yMin: 0, yMax: 1 });
const bars = new ProbabilityBars($('probabilities-holder'));

let data: { train: ImageDataset; test: ImageDataset } | undefined;
let session: FitSession | undefined;
let sessionBackend = '';
let activeBackend = '';
let lastInspect = 0;
/** What the speed probe picked, and why (for the page and tests). */
let lastChoice: BackendChoice | undefined;

/**
 * What the Train, Stop and Reset buttons may do now. `stopping`: Stop was
 * pressed and the run is finishing its step; `resetting`: Reset waits for
 * every use of the model ({@link work}) to end before it frees the model;
 * `benchmarking`: the bench switches backends, so nothing may train.
 */
type Phase = 'idle' | 'training' | 'stopping' | 'resetting' | 'benchmarking';
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
  resetButton.disabled = phase === 'resetting' || phase === 'benchmarking';
  trainButton.textContent = trainLabel();
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

/** The epochs field, or undefined when it is not a whole number >= 1. */
function epochsFromControls(): number | undefined {
  const epochs = Number(epochsInput.value);
  return Number.isInteger(epochs) && epochs >= 1 ? epochs : undefined;
}

/** Train for a new model, Resume when the session can go on (stopped, or more epochs asked for), Train again when it finished. */
function trainLabel(): string {
  if (session === undefined) return 'Train';
  return session.canContinue(epochsFromControls() ?? Number.POSITIVE_INFINITY) ? 'Resume' : 'Train again';
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
  lossChart.add(0, progress.epoch, progress.loss);
  accuracyChart.add(0, progress.epoch, progress.accuracy);
  if (progress.testAccuracy !== undefined && progress.testLoss !== undefined) {
    readouts.testLoss.textContent = progress.testLoss.toFixed(4);
    readouts.testAccuracy.textContent = `${(progress.testAccuracy * 100).toFixed(1)}%`;
    lossChart.add(1, progress.epoch, progress.testLoss);
    accuracyChart.add(1, progress.epoch, progress.testAccuracy);
  }
  if (performance.now() - lastInspect > 3000) void refreshInspection();
}

let lastPredictions: Float32Array | undefined;

/** Draws the last predictions with as many columns as the page's width allows (again when the window is resized). */
function drawPredictionGrid(): void {
  const canvas = $<HTMLCanvasElement>('predictions');
  if (lastPredictions === undefined || data === undefined) return;
  const right = drawPredictions(canvas, data.test, lastPredictions, predictionColumns(canvas.parentElement?.clientWidth ?? 864));
  const count = lastPredictions.length / 10;
  $('predictions-caption').textContent = `${right} of ${count} test images right. Under each image: the model's answer (green ✓ right, red ✗ wrong) and the true label; wrong ones are framed in red.`;
}
let resizeScheduled = false;
window.addEventListener('resize', () => {
  if (resizeScheduled) return;
  resizeScheduled = true;
  requestAnimationFrame(() => {
    resizeScheduled = false;
    drawPredictionGrid();
  });
});

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
      lastPredictions = await current.predict(test.images.subarray(0, count * 784), count);
      drawPredictionGrid();
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

function clearProgress(): void {
  lossChart.clear();
  accuracyChart.clear();
  for (const readout of Object.values(readouts)) readout.textContent = '-';
  // The weights and predictions were the old model's: blank them until the new one is inspected.
  lastPredictions = undefined;
  for (const id of ['weights', 'predictions']) {
    const canvas = $<HTMLCanvasElement>(id);
    canvas.getContext('2d')?.clearRect(0, 0, canvas.width, canvas.height);
  }
  $('predictions-caption').textContent = 'Train to see predictions.';
}

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
  if (phase === 'resetting' || phase === 'benchmarking') return;
  session?.stop();
  setPhase('resetting');
  try {
    await modelUnused();
    const old = session;
    session = undefined;
    old?.dispose();
    clearProgress();
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
  const epochs = epochsFromControls();
  if (epochs === undefined) return setStatus(`epochs must be a whole number >= 1, got "${epochsInput.value}"`, true);
  setPhase('training');
  runTask = runTraining(data, settings, epochs, maxSteps);
  try {
    await runTask;
  } finally {
    runTask = undefined;
  }
}

async function runTraining(loaded: { train: ImageDataset; test: ImageDataset }, settings: SessionSettings, epochs: number, maxSteps: number | undefined): Promise<void> {
  try {
    await useBackend(backendSelect.value);
    const same = session !== undefined && sessionBackend === activeBackend && (['model', 'optimizer', 'batchSize'] as const).every((k) => session?.settings[k] === settings[k]);
    // A finished session asked for no more epochs: Train again starts a new model.
    if (!same || session?.canContinue(epochs) !== true) {
      // Hide the old model from new inspections, wait for those in flight, then free it.
      const old = session;
      session = undefined;
      await work.settled();
      old?.dispose();
      clearProgress();
      session = new FitSession(settings, loaded.train, loaded.test);
      sessionBackend = activeBackend;
    }
    const current = session as FitSession;
    current.setLearningRate(settings.learningRate);
    setStatus(`training ${settings.model} with ${settings.optimizer} (lr ${settings.learningRate}) on ${activeBackend}...`);
    // Stop pressed while the backend was starting: do not start the run at all.
    const started = performance.now();
    const result = phase === 'training' ? await current.run({ epochs, onProgress: showProgress, ...(maxSteps === undefined ? {} : { maxSteps }) }) : { finished: false };
    // Reset pressed meanwhile: it reports and frees the model once this returns.
    if (phase === 'resetting') return;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    setStatus(
      result.finished
        ? `finished ${current.epochsDone} epoch${current.epochsDone === 1 ? '' : 's'} (${current.steps} steps; this run ${seconds} s) on ${activeBackend}: test accuracy ${readouts.testAccuracy.textContent}. Raise epochs and press Resume to go on, or Train again for a new model.`
        : `stopped after ${current.steps} steps on ${activeBackend}; press Resume to go on`,
    );
    await refreshInspection();
  } catch (error) {
    if (phase !== 'resetting') setStatus(error instanceof Error ? error.message : String(error), true);
  } finally {
    if (phase !== 'resetting') setPhase('idle');
  }
}

/**
 * Lists every browser backend with what its probe found, then picks the
 * fastest one the browser really has (a short timed probe; software GPUs
 * last) unless the address names one (?backend=...). The select stays free.
 */
async function probeBackends(): Promise<void> {
  const list = $('backend-reasons');
  const choiceLine = $('backend-choice');
  const results = await Promise.all(browserBackends.map(async (provider) => ({ provider, probe: await provider.probe() })));
  const items = new Map<string, HTMLElement>();
  for (const { provider, probe } of results) {
    backendSelect.append(element('option', { value: provider.name, disabled: !probe.available }, probe.available ? provider.name : `${provider.name} (unavailable)`));
    const item = element('li', { className: probe.available ? 'available' : 'unavailable', dataset: { backend: provider.name } }, element('strong', {}, provider.name), `: ${probe.available ? 'available' : 'unavailable'}${probe.reason === undefined ? '' : ` - ${probe.reason}`}`);
    items.set(provider.name, item);
    list.append(item);
  }
  const wanted = params.get('backend');
  if (wanted !== null && results.some((r) => r.provider.name === wanted && r.probe.available)) {
    backendSelect.value = wanted;
    choiceLine.textContent = `Using ${wanted}, as the page address asks (?backend=${wanted}); no speed probe.`;
    return;
  }
  choiceLine.textContent = 'Timing a few training steps on each backend to pick the fastest...';
  const { choice, trials } = await chooseBackend(results, { budgetMs: 800, activateTimeoutMs: ACTIVATION_TIMEOUT_MS });
  for (const trial of trials) {
    const note =
      trial.software !== undefined ? `software GPU (${trial.software}): ranked last, not timed` :
      trial.samplesPerSec !== undefined ? `${Math.round(trial.samplesPerSec).toLocaleString('en-US')} training samples/s in the probe` :
      trial.failed?.startsWith('not timed') === true ? trial.failed :
      trial.failed !== undefined ? `probe failed: ${trial.failed}` : undefined;
    if (note !== undefined) items.get(trial.name)?.append(element('span', { className: 'probe-note' }, ` (${note})`));
  }
  // The probe activated backends one after another: the page activates its choice before it trains.
  activeBackend = '';
  backendSelect.value = choice.name;
  lastChoice = choice;
  choiceLine.textContent = `Picked ${choice.why}. Choose another above if you like.`;
}

function fillChoices(): void {
  for (const name of ['mlp', ...cnnNames.filter((n) => n !== 'cnn2')]) modelSelect.append(element('option', { value: name }, name));
  for (const name of optimizerNames) optimizerSelect.append(element('option', { value: name }, name));
  modelSelect.value = params.get('model') ?? 'mlp';
  optimizerSelect.value = params.get('optimizer') ?? 'adam';
  lrInput.value = params.get('lr') ?? '0.001';
  epochsInput.value = params.get('epochs') ?? '5';
}

const bench = new BenchView($('bench-holder'), {
  before: async () => {
    await stopTraining();
    if (phase === 'idle') setPhase('benchmarking');
  },
  // The bench switched backends: select the training backend again before the page trains or predicts.
  after: async () => {
    const previous = activeBackend;
    activeBackend = '';
    try {
      if (previous !== '') await useBackend(previous);
    } finally {
      if (phase === 'benchmarking') setPhase('idle');
    }
  },
});

/** Frees the current model (once nothing uses it) and starts a session with `settings` on the selected backend: for a loaded checkpoint. */
async function replaceSession(settings: SessionSettings): Promise<FitSession> {
  if (data === undefined) throw new Error('the digits are still loading');
  await useBackend(backendSelect.value);
  modelSelect.value = settings.model;
  optimizerSelect.value = settings.optimizer;
  lrInput.value = String(settings.learningRate);
  batchInput.value = String(settings.batchSize);
  const old = session;
  session = undefined;
  await work.settled();
  old?.dispose();
  clearProgress();
  session = new FitSession(settings, data.train, data.test);
  sessionBackend = activeBackend;
  setPhase('idle');
  return session;
}

new CheckpointPanel($('checkpoint-holder'), {
  session: () => session,
  settings: settingsFromControls,
  replaceSession,
  busy: () => phase !== 'idle',
  report: setStatus,
  afterLoad: async (steps) => {
    readouts.step.textContent = String(steps);
    await refreshInspection();
  },
});

trainButton.addEventListener('click', () => void train());
stopButton.addEventListener('click', () => void stopTraining());
resetButton.addEventListener('click', () => void resetSession());
$('clear-pad').addEventListener('click', () => pad.clear());
// Raising epochs after a finished run turns "Train again" into "Resume".
epochsInput.addEventListener('input', () => {
  if (phase === 'idle') trainButton.textContent = trainLabel();
});
lrInput.addEventListener('change', () => {
  const value = Number(lrInput.value);
  if (value > 0) session?.setLearningRate(value);
});

async function start(): Promise<void> {
  fillChoices();
  setStatus('loading the embedded MNIST digits and timing the backends...');
  const [digits] = await Promise.all([loadMnist10k(), probeBackends()]);
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
      epochsDone: session?.epochsDone ?? 0,
      running: phase === 'training' || phase === 'stopping',
      phase,
      choice: lastChoice,
      lossPoints: lossChart.pointCounts()[0] ?? 0,
      testLossPoints: lossChart.pointCounts()[1] ?? 0,
      legends: { loss: lossChart.legendLabels(), accuracy: accuracyChart.legendLabels() },
      accuracyPoints: accuracyChart.pointCounts(),
      status: status.textContent ?? '',
    }),
  },
});
