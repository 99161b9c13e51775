import { type InvalidOptionError, invalidOption, option } from '@nnlab/core';
import type { MonitoredMetric } from './early-stopping.js';
import type { ReduceLROnPlateauOptions } from './reduce-lr-on-plateau.js';

/** A learning-rate scheduler as options (`parseScheduler` reads it from text, the CLI's `--scheduler`). Epoch-based kinds count epochs; `onecycle` counts optimizer steps (batches). */
export type SchedulerSpec =
  | { readonly kind: 'plateau'; readonly text: string; readonly options: Omit<ReduceLROnPlateauOptions, 'onChange'> & { readonly monitor: MonitoredMetric } }
  | { readonly kind: 'step'; readonly text: string; readonly stepSize: number; readonly gamma: number }
  | { readonly kind: 'multistep'; readonly text: string; readonly milestones: readonly number[]; readonly gamma: number }
  | { readonly kind: 'exponential'; readonly text: string; readonly gamma: number }
  | {
      readonly kind: 'cosine';
      readonly text: string;
      /** Epochs of the cosine after warm-up; undefined means "the rest of the run". */
      readonly tMax: number | undefined;
      readonly etaMin: number;
      readonly warmup: number;
      readonly warmupStartFactor: number | undefined;
    }
  | {
      readonly kind: 'onecycle';
      readonly text: string;
      /** Peak rate; undefined means the optimizer's learning rate. */
      readonly maxLearningRate: number | undefined;
      readonly pctStart: number | undefined;
      readonly annealStrategy: 'cos' | 'linear' | undefined;
      readonly divFactor: number | undefined;
      readonly finalDivFactor: number | undefined;
      readonly threePhase: boolean;
    };

/** The text forms {@link parseScheduler} accepts, quoted in every error. */
export const SCHEDULER_FORMS =
  'plateau[:min|max][,monitor=M][,factor=F][,patience=N][,threshold=T][,threshold-mode=rel|abs][,cooldown=N][,min-lr=X]; ' +
  'step:size=N[,gamma=G]; multistep:milestones=N-N-...[,gamma=G]; exponential:gamma=G; ' +
  'cosine[:tmax=N][,warmup=N][,warmup-factor=F][,eta-min=X]; ' +
  'onecycle[:max=X][,pct=P][,anneal=cos|linear][,div=D][,final-div=D][,three-phase]';

const METRICS: readonly MonitoredMetric[] = ['loss', 'accuracy', 'validationLoss', 'validationAccuracy'];

class Parts {
  private readonly values = new Map<string, string>();
  readonly flags = new Set<string>();

  constructor(
    private readonly text: string,
    items: readonly string[],
  ) {
    for (const item of items) {
      const equals = item.indexOf('=');
      if (equals < 0) {
        this.flags.add(item);
        continue;
      }
      const key = item.slice(0, equals);
      if (this.values.has(key)) throw this.bad(`"${key}" is given twice`);
      this.values.set(key, item.slice(equals + 1));
    }
  }

  bad(why: string): InvalidOptionError {
    return invalidOption`${option('scheduler')} "${this.text}": ${why}; accepted forms: ${SCHEDULER_FORMS}`;
  }

  /** Throws on any key or bare word not in `keys` / `flags`. */
  only(keys: readonly string[], flags: readonly string[] = []): void {
    for (const key of this.values.keys()) if (!keys.includes(key)) throw this.bad(`unknown option "${key}"`);
    for (const flag of this.flags) if (!flags.includes(flag)) throw this.bad(`unknown option "${flag}"`);
  }

  number(key: string, check: (n: number) => boolean, expected: string): number | undefined {
    const text = this.values.get(key);
    if (text === undefined) return undefined;
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value) || !check(value)) throw this.bad(`${key} must be ${expected}, got "${text}"`);
    return value;
  }

  integer(key: string, min: number): number | undefined {
    return this.number(key, (n) => Number.isInteger(n) && n >= min, `an integer >= ${min}`);
  }

  required<T>(key: string, value: T | undefined): T {
    if (value === undefined) throw this.bad(`${key}= is required`);
    return value;
  }

  choice<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const text = this.values.get(key);
    if (text === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(text)) throw this.bad(`${key} must be one of ${allowed.join(', ')}, got "${text}"`);
    return text as T;
  }

  raw(key: string): string | undefined {
    return this.values.get(key);
  }
}

const positive = (n: number): boolean => n > 0;
const fraction = (n: number): boolean => n > 0 && n < 1;

/**
 * Parses a `scheduler` from text (the CLI's `--scheduler`): `KIND[:OPTION,OPTION...]`, options `key=value`
 * (plateau also takes a bare `min` or `max`). Step, multistep, exponential and
 * cosine count epochs (PyTorch's usual `scheduler.step()` per epoch); onecycle
 * counts optimizer steps. Plateau's `monitor` defaults to validationAccuracy
 * for `max` and validationLoss for `min`. Mistakes are `InvalidOptionError`s
 * naming `scheduler` that quote the text and every accepted form.
 *
 * @example
 * parseScheduler('plateau:max,factor=0.1,patience=0'); // reduce x0.1 when validation accuracy stalls
 * parseScheduler('cosine:tmax=10,warmup=2');
 */
export function parseScheduler(text: string): SchedulerSpec {
  const trimmed = text.trim();
  const colon = trimmed.indexOf(':');
  const kind = colon < 0 ? trimmed : trimmed.slice(0, colon);
  const items = colon < 0 ? [] : trimmed.slice(colon + 1).split(',').map((s) => s.trim());
  const parts = new Parts(trimmed, items.filter((s) => s !== ''));
  if (items.some((s) => s === '')) throw parts.bad('empty option');
  switch (kind) {
    case 'plateau':
      return parsePlateau(trimmed, parts);
    case 'step': {
      parts.only(['size', 'gamma']);
      const stepSize = parts.required('size', parts.integer('size', 1));
      return { kind, text: trimmed, stepSize, gamma: parts.number('gamma', positive, 'a number > 0') ?? 0.1 };
    }
    case 'multistep': {
      parts.only(['milestones', 'gamma']);
      const raw = parts.required('milestones', parts.raw('milestones'));
      const milestones = raw.split('-').map((s) => (/^\d+$/.test(s) ? Number(s) : Number.NaN));
      if (milestones.some((m) => !Number.isInteger(m) || m < 1)) throw parts.bad(`milestones must be epochs >= 1 joined by "-", got "${raw}"`);
      return { kind, text: trimmed, milestones, gamma: parts.number('gamma', positive, 'a number > 0') ?? 0.1 };
    }
    case 'exponential': {
      parts.only(['gamma']);
      return { kind, text: trimmed, gamma: parts.required('gamma', parts.number('gamma', positive, 'a number > 0')) };
    }
    case 'cosine': {
      parts.only(['tmax', 'warmup', 'warmup-factor', 'eta-min']);
      return {
        kind,
        text: trimmed,
        tMax: parts.integer('tmax', 1),
        etaMin: parts.number('eta-min', (n) => n >= 0, 'a number >= 0') ?? 0,
        warmup: parts.integer('warmup', 0) ?? 0,
        warmupStartFactor: parts.number('warmup-factor', (n) => n > 0 && n <= 1, 'a number > 0 and <= 1'),
      };
    }
    case 'onecycle': {
      parts.only(['max', 'pct', 'anneal', 'div', 'final-div'], ['three-phase']);
      return {
        kind,
        text: trimmed,
        maxLearningRate: parts.number('max', positive, 'a number > 0'),
        pctStart: parts.number('pct', fraction, 'a number > 0 and < 1'),
        annealStrategy: parts.choice('anneal', ['cos', 'linear'] as const),
        divFactor: parts.number('div', positive, 'a number > 0'),
        finalDivFactor: parts.number('final-div', positive, 'a number > 0'),
        threePhase: parts.flags.has('three-phase'),
      };
    }
    default:
      throw parts.bad(kind === '' ? 'missing scheduler kind' : `unknown scheduler "${kind}"`);
  }
}

function parsePlateau(text: string, parts: Parts): SchedulerSpec {
  parts.only(['mode', 'monitor', 'factor', 'patience', 'threshold', 'threshold-mode', 'cooldown', 'min-lr'], ['min', 'max']);
  if (parts.flags.size > 1 || (parts.flags.size === 1 && parts.raw('mode') !== undefined)) throw parts.bad('give the mode once (min or max)');
  const mode = parts.choice('mode', ['min', 'max'] as const) ?? ([...parts.flags][0] as 'min' | 'max' | undefined) ?? 'min';
  const monitor = parts.choice('monitor', METRICS) ?? (mode === 'max' ? 'validationAccuracy' : 'validationLoss');
  const options = {
    monitor,
    mode,
    factor: parts.number('factor', fraction, 'a number > 0 and < 1'),
    patience: parts.integer('patience', 0),
    threshold: parts.number('threshold', (n) => n >= 0, 'a number >= 0'),
    thresholdMode: parts.choice('threshold-mode', ['rel', 'abs'] as const),
    cooldown: parts.integer('cooldown', 0),
    minLearningRate: parts.number('min-lr', (n) => n >= 0, 'a number >= 0'),
  };
  // Leave unset options out so reduceLROnPlateau applies PyTorch's defaults.
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as typeof options;
  return { kind: 'plateau', text, options: defined };
}
