import { describe, expect, it } from 'vitest';
import type { LabRow } from './lab.js';
import { parityMarkdown, parityTable } from './parity-table.js';

const acc = (variant: string, value: number, seconds = 1): LabRow => ({ variant, metric: 'test accuracy %', value, seconds });

describe('parityTable', () => {
  it('gives means, sample sds, 2 SE and the 1 pp verdict', () => {
    const rows = parityTable([[acc('a', 95)], [acc('a', 96)], [acc('a', 97)]], [[acc('a', 95.5, 2)], [acc('a', 95.5, 4)], [acc('a', 95.5, 6)]]);
    expect(rows).toHaveLength(1);
    const [row] = rows;
    expect(row?.nnlab.mean).toBeCloseTo(96);
    expect(row?.nnlab.sd).toBeCloseTo(1);
    expect(row?.torch.sd).toBe(0);
    expect(row?.torch.seconds).toBeCloseTo(4);
    expect(row?.difference).toBeCloseTo(0.5);
    expect(row?.twoSe).toBeCloseTo(2 * Math.sqrt(1 / 3));
    expect(row?.verdict).toBe('within 1 pp');
  });

  it('accepts 2 SE only when PyTorch itself spreads by more than 1 pp', () => {
    const wide = parityTable([[acc('a', 84)], [acc('a', 85)]], [[acc('a', 84.4)], [acc('a', 87.2)], [acc('a', 85.1)]]);
    expect(wide[0]?.verdict).toBe('within 2 SE');
    const tight = parityTable([[acc('a', 90)], [acc('a', 94)]], [[acc('a', 95.5)], [acc('a', 95.6)]]);
    expect(tight[0]?.verdict).toBe('FAIL');
  });

  it('compares non-percentage metrics within a factor of 10 and flags one-sided rows', () => {
    const check = (value: number): LabRow => ({ variant: 'gradcheck', metric: 'relative difference', value, seconds: 0 });
    const rows = parityTable([[check(7e-5), acc('only nnlab', 90)]], [[check(2e-5)]]);
    expect(rows.map((r) => r.verdict)).toEqual(['within 10x', 'missing']);
    expect(parityTable([[check(1e-2)]], [[check(1e-5)]])[0]?.verdict).toBe('FAIL');
    expect(parityMarkdown(parityTable([[check(7e-5)], [check(7e-5)]], [[check(2e-5)]]))).toContain('| 7.0e-5 ± 0 | 2.0e-5 ± 0 (1 seed) | 5.0e-5 |');
  });

  it('renders a markdown table with one line per row', () => {
    const markdown = parityMarkdown(parityTable([[acc('a', 95)]], [[acc('a', 95.5)]]));
    expect(markdown.split('\n')[0]).toContain('PyTorch mean ± sd');
    expect(markdown).toContain('| a | test accuracy % | 95.00 ± 0.00 | 95.50 ± 0.00 | -0.50 |');
  });

  it('says how many seeds a row has when it has fewer than others (merged runs)', () => {
    // Seed 0 ran both variants; seed 1 only variant a.
    const runs = [[acc('a', 90), acc('b', 80)], [acc('a', 91)]];
    const markdown = parityMarkdown(parityTable(runs, runs));
    expect(markdown).toContain('| a | test accuracy % | 90.50 ± 0.71 | 90.50 ± 0.71 |');
    expect(markdown).toContain('| b | test accuracy % | 80.00 ± 0.00 (1 seed) | 80.00 ± 0.00 (1 seed) |');
  });
});
