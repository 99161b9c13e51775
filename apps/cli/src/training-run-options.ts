/** The options every training run of the CLI shares (`train`, `sweep`, checkpointing), parsed from flags. */
export interface TrainingRunOptions {
  readonly model: string;
  readonly dataset: string;
  readonly backend: string;
  readonly epochs: number;
  readonly batchSize: number;
  readonly optimizer: string;
  readonly lr?: number;
  readonly momentum?: number;
  readonly nesterov?: boolean;
  readonly weightDecay?: number;
  readonly seed: number;
  readonly normalize: boolean;
}
