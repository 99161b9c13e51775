/**
 * What every lab receives from the runner (`pnpm lab <name>`) or a test.
 *
 * @example
 * const options: LabOptions = { backend: 'cpu', quick: true, seed: 0, outDir: 'out', log: console.log };
 */
export interface LabOptions {
  /** Backend name as the CLI takes it: `cpu`, `wasm`, `native`, `auto`, ... */
  readonly backend: string;
  /** Few steps and small data, finishing in seconds (what CI runs). */
  readonly quick: boolean;
  /** Seed of initialisation, shuffling and the data split. */
  readonly seed: number;
  /** Directory the lab writes its charts and tables into (the runner creates it). */
  readonly outDir: string;
  /** Optional user data, lab-specific (`folder:DIR`, `mat:FILE`, ...). */
  readonly data?: string;
  /** Run only the variants whose name starts with one of these (labs with {@link Lab.variantNames}). */
  readonly only?: readonly string[];
  /** Train every variant this many epochs instead of its own, with a row after the last (labs with {@link Lab.takesEpochs}). */
  readonly epochs?: number;
  /** Activate the backend with `deterministic: true`, so a seed repeats bit for bit (native). */
  readonly deterministic?: boolean;
  /** Progress lines. */
  readonly log: (line: string) => void;
}

/**
 * One final figure of a lab, the unit the parity report compares: rows of
 * the TypeScript lab and its PyTorch twin are matched by `(variant, metric)`.
 *
 * @example
 * const row: LabRow = { variant: 'softmax+log-loss, lr 0.5', metric: 'test accuracy %', value: 91.6, seconds: 12.3 };
 */
export interface LabRow {
  /** The configuration, e.g. `softmax+log-loss, lr 0.5`. */
  readonly variant: string;
  /** What `value` measures, e.g. `test accuracy %`. */
  readonly metric: string;
  readonly value: number;
  /** Wall time of the variant in seconds. */
  readonly seconds: number;
}

/** What a lab run produced: its final figures, the files it wrote (paths), and remarks for the reader. */
export interface LabResult {
  readonly rows: LabRow[];
  readonly files: string[];
  readonly notes: string[];
}

/**
 * A lab: one classic notebook as an nnlab example. Registered in `labs.ts`.
 *
 * @example
 * const result = await labs[0].run({ backend: 'cpu', quick: true, seed: 0, outDir: 'out', log: console.log });
 */
export interface Lab {
  /** Kebab-case name typed on the command line (`pnpm lab <name>`). */
  readonly name: string;
  /** One-line description shown by `pnpm lab`. */
  readonly title: string;
  /** Names of the runs `--only` picks from; labs without it run as a whole. */
  variantNames?(quick: boolean): string[];
  /** Whether the lab honours {@link LabOptions.epochs} (`--epochs N`). */
  readonly takesEpochs?: boolean;
  run(options: LabOptions): Promise<LabResult>;
}

/**
 * Whether `--only` keeps the variant `name`: no prefixes keep everything.
 *
 * @example
 * isSelected('cnn2, lr 0.01, wd 1e-4', ['cnn2']); // true
 */
export function isSelected(name: string, only: readonly string[] | undefined): boolean {
  return only === undefined || only.length === 0 || only.some((prefix) => name.startsWith(prefix));
}
