import { assertInteger } from '@nnlab/core';

/**
 * Checks the step a schedule is evaluated at: schedules are pure functions of
 * a whole number of steps (or epochs) already taken, never negative.
 */
export function assertStep(schedule: string, step: number): number {
  return assertInteger(`${schedule} step`, step, 0);
}
