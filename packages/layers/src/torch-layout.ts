/**
 * Where one of a module's own parameters or buffers goes in a PyTorch
 * `state_dict`: its name there (within the module) and, when nnlab stores it
 * in another axis order, the permutation (`tf.transpose`'s `perm`) that takes
 * nnlab's layout to PyTorch's. Returned by {@link Module.torchLayout}.
 *
 * @example
 * // Linear stores weight as [in, out]; PyTorch as [out, in].
 * const layout: TorchLayout = { name: 'weight', permutation: [1, 0] };
 */
export interface TorchLayout {
  /** Name in PyTorch, without the module's prefix. */
  readonly name: string;
  /** Axis permutation from nnlab's layout to PyTorch's; absent when they are the same. */
  readonly permutation?: readonly number[];
}

/** A {@link TorchLayout} with the full dotted names on both sides, from {@link Module.namedTorchLayouts}. */
export interface NamedTorchLayout {
  /** nnlab's dotted name (the key of `stateDict()`). */
  readonly name: string;
  /** PyTorch's dotted name (the key of its `state_dict()`). */
  readonly torchName: string;
  readonly permutation?: readonly number[];
}
