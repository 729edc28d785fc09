// Group commit: items submitted while a batch is being committed wait and go together in the
// next one, so under load one transaction carries many reports (and one COMMIT), while a lone
// report is committed at once. Batches run one at a time, in submission order.

export interface GroupCommitOptions<T, R> {
  /** Commits a batch; resolves to one result per item, in order. A rejection fails every item of the batch. */
  commit(items: T[]): Promise<R[]>;
  /** Most items per batch. */
  maxBatch: number;
}

interface Pending<T, R> {
  item: T;
  resolve(result: R): void;
  reject(error: unknown): void;
}

export class GroupCommit<T, R> {
  readonly #queue: Pending<T, R>[] = [];
  #running = false;

  constructor(private readonly options: GroupCommitOptions<T, R>) {}

  /** Items waiting for a batch. */
  get waiting(): number {
    return this.#queue.length;
  }

  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      // Wait one turn of the event loop: requests already received join this batch.
      if (!this.#running) {
        this.#running = true;
        setImmediate(() => void this.#drain());
      }
    });
  }

  async #drain(): Promise<void> {
    while (this.#queue.length) {
      const batch = this.#queue.splice(0, this.options.maxBatch);
      try {
        const results = await this.options.commit(batch.map((p) => p.item));
        if (results.length !== batch.length) throw new Error(`commit returned ${results.length} results for ${batch.length} items`);
        batch.forEach((p, i) => p.resolve(results[i]!));
      } catch (error) {
        for (const p of batch) p.reject(error);
      }
    }
    this.#running = false;
  }
}
