import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EpochLog } from '@nnlab/trainers';
import { describe, expect, it } from 'vitest';
import { epochCsvLog } from './epoch-csv-log.js';
import { epochsCsv, withTestScores } from './epochs-csv.js';

const epoch = (n: number, extra: Partial<EpochLog> = {}): EpochLog => ({ epoch: n, loss: 1 / n, accuracy: 0.5, seconds: 2, samplesPerSec: 100, steps: 10, ...extra }) as EpochLog;

describe('epochsCsv', () => {
  it('writes a row per epoch with empty cells for what was not measured', () => {
    const rows = withTestScores([epoch(1, { validationLoss: Number.NaN }), epoch(2)], new Map([[2, { loss: 0.3, accuracy: 0.9, metrics: { accuracy: 0.9 }, count: 10 }]]));
    const [header, first, second] = epochsCsv(rows).trimEnd().split('\n');
    expect(header).toBe('epoch,loss,accuracy,validationLoss,validationAccuracy,testLoss,testAccuracy,learningRate,seconds,samplesPerSec,steps');
    expect(first).toBe('1,1,0.5,,,,,,2,100,10');
    expect(second).toBe('2,0.5,0.5,,,0.3,0.9,,2,100,10');
  });
});

describe('epochCsvLog', () => {
  it('rewrites the file after every epoch, earlier epochs first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'nnlab-csv-log-'));
    try {
      const path = join(dir, 'log.csv');
      const callback = epochCsvLog(path, { earlier: [epoch(1)] });
      await callback.onEpochEnd?.(epoch(2), {} as never);
      expect((await readFile(path, 'utf8')).trimEnd().split('\n').map((line) => line.split(',')[0])).toEqual(['epoch', '1', '2']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
