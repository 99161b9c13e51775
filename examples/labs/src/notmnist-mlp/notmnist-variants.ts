/** One of the notMNIST lab's three networks and how it is trained. */
export interface MlpVariant {
  /** Row name in the results and the parity report (the PyTorch twin uses the same string). */
  readonly variant: string;
  /** Short name of the variant's figure folder. */
  readonly folder: string;
  /** Model string for `buildModel` (`@nnlab/models`). */
  readonly model: string;
  /** Inputs normalised by the training split's mean/std, else pixels in [0, 1]. */
  readonly normalize: boolean;
  readonly optimizer: 'adagrad' | 'sgd-nesterov';
  readonly learningRate: number;
  /** Divide the rate by 10 whenever test accuracy does not improve (PyTorch's ReduceLROnPlateau, patience 0). */
  readonly plateau: boolean;
}

const DEEP = 'mlp:784-1200-1200-1200-400-100-10,activation=leaky_relu';

/**
 * The lab's three variants, the same list as `tools/labs/notmnist-mlp.py`:
 * (a) the deep LeakyReLU MLP with Adagrad on [0, 1] pixels, (b) the same
 * with batch norm and dropout 0.2 on normalised inputs, (c) that network
 * with SGD, Nesterov momentum 0.9 and reduce-on-plateau on test accuracy.
 *
 * @example
 * notmnistVariants().map((v) => v.folder); // ['adagrad', 'adagrad-bn-dropout', 'nesterov-plateau']
 */
export function notmnistVariants(): MlpVariant[] {
  return [
    { variant: 'leaky-relu MLP, adagrad 0.01', folder: 'adagrad', model: DEEP, normalize: false, optimizer: 'adagrad', learningRate: 0.01, plateau: false },
    {
      variant: 'batch norm + dropout 0.2, normalised, adagrad 0.01',
      folder: 'adagrad-bn-dropout',
      model: `${DEEP},batchnorm=true,dropout=0.2`,
      normalize: true,
      optimizer: 'adagrad',
      learningRate: 0.01,
      plateau: false,
    },
    {
      variant: 'batch norm + dropout 0.2, normalised, sgd nesterov 0.1 + plateau',
      folder: 'nesterov-plateau',
      model: `${DEEP},batchnorm=true,dropout=0.2`,
      normalize: true,
      optimizer: 'sgd-nesterov',
      learningRate: 0.1,
      plateau: true,
    },
  ];
}

/** Training settings of a full and a quick (CI) run. */
export const NOTMNIST_SETTINGS = {
  full: { epochs: 3, batchSize: 128, trainLimit: undefined as number | undefined, testLimit: undefined as number | undefined },
  quick: { epochs: 1, batchSize: 64, trainLimit: 512 as number | undefined, testLimit: 500 as number | undefined },
} as const;
