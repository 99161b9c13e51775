import type { Callback } from './callback.js';
import type { EpochLog } from './types.js';

/** What {@link trainingHealthCallback} needs to know about the run. */
export interface TrainingHealthOptions {
  /** Classes of the dataset: chance accuracy is 1 / numClasses, a guessing model's loss ln(numClasses). */
  readonly numClasses: number;
  /** Training examples per epoch (the accuracy's sample size). */
  readonly examples: number;
  /** Epochs before this run (a resumed one), for the best loss so far. */
  readonly history?: readonly EpochLog[];
  /** Receives each warning (the CLI prints it on stderr). */
  readonly warn: (text: string) => void;
}

/**
 * The warnings of {@link trainingHealthCallback} for one epoch, given the
 * best (lowest) training loss of the epochs before it: a loss more than 10
 * times a guessing model's (ln K for K classes), or 100 times the best so
 * far; a training accuracy within 3 standard errors of chance (1 / K), when
 * the epoch has enough examples to tell (100 expected right by chance).
 * Each points at the likely cause: a learning rate far too large.
 */
export function trainingHealthWarnings(log: EpochLog, best: number | undefined, options: Omit<TrainingHealthOptions, 'warn'>): { loss?: string; chance?: string } {
  const guessLoss = Math.log(options.numClasses);
  const rate = `the learning rate (${formatRate(log.learningRate)}) is probably far too large; try one 10 to 100 times smaller`;
  const out: { loss?: string; chance?: string } = {};
  if (log.loss > 10 * guessLoss || (best !== undefined && log.loss > 100 * best && log.loss > guessLoss)) {
    const times = best !== undefined && log.loss > 100 * best ? `${formatTimes(log.loss / best)} the best epoch's ${best.toPrecision(3)}` : `${formatTimes(log.loss / guessLoss)} a guessing model's ${guessLoss.toFixed(2)}`;
    out.loss = `epoch ${log.epoch}: training loss ${log.loss.toPrecision(3)} is ${times}: ${rate}`;
  }
  const chance = 1 / options.numClasses;
  const standardError = Math.sqrt((chance * (1 - chance)) / options.examples);
  const accuracy = log.accuracy;
  if (accuracy !== undefined && options.numClasses > 1 && options.examples * chance >= 100 && accuracy < chance + 3 * standardError) {
    out.chance = `epoch ${log.epoch}: training accuracy ${(accuracy * 100).toFixed(2)}% is chance level for ${options.numClasses} classes (${(chance * 100).toFixed(2)}%): the model is not learning; ${rate}, or check the labels`;
  }
  return out;
}

/**
 * A callback that warns (once each per run, through `warn`)
 * when an epoch's training loss grows by orders of magnitude or its accuracy
 * is at chance level (see {@link trainingHealthWarnings}): a run that
 * "trains" to 10% without a word wastes the user's time.
 *
 * @example
 * callbacks: [trainingHealthCallback({ numClasses: 10, examples: train.count, warn: (text) => console.warn(text) })]
 */
export function trainingHealthCallback(options: TrainingHealthOptions): Callback {
  let best = minLoss(options.history ?? []);
  const said = new Set<string>();
  return {
    onEpochEnd(log) {
      const warnings = trainingHealthWarnings(log, best, options);
      for (const [kind, text] of Object.entries(warnings)) {
        if (said.has(kind)) continue;
        said.add(kind);
        options.warn(text);
      }
      if (Number.isFinite(log.loss)) best = best === undefined ? log.loss : Math.min(best, log.loss);
    },
  };
}

function minLoss(history: readonly EpochLog[]): number | undefined {
  const losses = history.map((log) => log.loss).filter(Number.isFinite);
  return losses.length === 0 ? undefined : Math.min(...losses);
}

function formatRate(rate: number): string {
  return rate >= 1e4 || rate < 1e-3 ? rate.toExponential().replace('e+', 'e') : String(rate);
}

function formatTimes(ratio: number): string {
  return ratio >= 1e4 ? `${ratio.toExponential(1)} times` : `${Math.round(ratio)} times`;
}
