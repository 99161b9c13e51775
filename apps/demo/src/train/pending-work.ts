/**
 * The page's work that uses the current model (a training run, an
 * inspection, a prediction for the drawing pad). Reset and the benchmark
 * wait for all of it with {@link PendingWork.settled} before they free the
 * model or switch backends: freeing it under a run still finishing its last
 * step is what threw "Cannot read properties of undefined (reading 'predict')".
 *
 * @example
 * const work = new PendingWork();
 * void work.track(session.predict(pixels, 1));
 * await work.settled(); // now nothing uses the model
 */
export class PendingWork {
  private readonly pending = new Set<Promise<unknown>>();

  /** Remembers `work` until it settles; returns it unchanged. */
  track<T>(work: Promise<T>): Promise<T> {
    this.pending.add(work);
    const forget = (): void => {
      this.pending.delete(work);
    };
    void work.then(forget, forget);
    return work;
  }

  /** How many tracked promises have not settled yet. */
  get size(): number {
    return this.pending.size;
  }

  /** Resolves once every tracked promise has settled, including any tracked while waiting; never rejects. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }
}
