/** One layer of a Keras/tfjs-layers `Sequential` topology, as model.json stores it. */
export interface TfjsLayerConfig {
  readonly class_name: string;
  readonly config: Record<string, unknown>;
}

/** One weight of the manifest, in the order its bytes sit in the shard. */
export interface TfjsWeightSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32';
}
