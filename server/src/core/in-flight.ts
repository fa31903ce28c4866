/**
 * Work still running that someone may want to wait for — listener runs, letters being handed over — without
 * holding it up: shutdown waits for it, and tests wait for it instead of sleeping.
 */
export class InFlight {
  private readonly running = new Set<Promise<unknown>>();

  /** Keeps `work` until it settles; returns it unchanged. */
  add<T>(work: Promise<T>): Promise<T> {
    const kept = work.finally(() => this.running.delete(kept));
    this.running.add(kept);
    return kept;
  }

  /**
   * Resolves once nothing is running, including work added meanwhile (a listener that starts another), or after
   * `timeoutMs` (work stuck on a dead peer).
   */
  async settled(timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.running.size && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.running]), new Promise((r) => setTimeout(r, deadline - Date.now()).unref())]);
    }
  }
}
