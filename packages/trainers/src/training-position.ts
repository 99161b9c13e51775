/** Running totals of an unfinished epoch, so its log comes out as if it had never been interrupted. */
export interface PartialEpoch {
  /** Sum over the batches done of batch loss times batch size. */
  readonly lossSum: number;
  /** Correctly classified examples so far (the accuracy metric's sum; 0 without it). Kept for checkpoints from before `metricSums`. */
  readonly correct: number;
  /** Each metric's sum over the examples so far, by metric name. */
  readonly metricSums?: Readonly<Record<string, number>>;
  /** Examples trained on so far in the epoch. */
  readonly count: number;
  /** Training seconds spent on the epoch so far. */
  readonly seconds: number;
}

/**
 * Where a run stands: what a checkpoint records and what `fit`'s
 * `resumeFrom` continues from. At an epoch boundary `batchesDone` is 0;
 * after an interruption (`signal`) it counts the batches of epoch
 * `epoch + 1` already trained, and `fit` skips that many batches of its
 * first epoch (drawing them from the data source, so a shuffling loader
 * whose random state was restored to the epoch's start lines up again).
 *
 * @example
 * const position: TrainingPosition = { epoch: 2, batchesDone: 0, globalStep: 250 };
 * await fit(model, optimizer, { train, epochs: 5, resumeFrom: position });
 */
export interface TrainingPosition {
  /** Epochs completed. */
  readonly epoch: number;
  /** Batches of the next epoch (`epoch + 1`) already trained. */
  readonly batchesDone: number;
  /** Training steps taken since the run first began, across resumes. */
  readonly globalStep: number;
  /** Totals of the unfinished epoch; present when `batchesDone > 0`. */
  readonly partialEpoch?: PartialEpoch;
}
