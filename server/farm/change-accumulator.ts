// Merges the change sets of several engine calls (one per report) into one: a cluster counts as
// created, changed or dissolved by where it stands after the last call.
import type { ChangeSet } from '../correlation/index.js';

export class ChangeAccumulator {
  readonly #created = new Set<string>();
  readonly #changed = new Set<string>();
  readonly #dissolved = new Map<string, ChangeSet['dissolved'][number]>();

  add(changes: ChangeSet | undefined): void {
    if (!changes) return;
    for (const id of changes.created) this.#created.add(id);
    for (const id of changes.changed) this.#changed.add(id);
    for (const d of changes.dissolved) this.#dissolved.set(d.id, d);
  }

  /** `exists`: whether the engine has the cluster now. */
  result(exists: (clusterId: string) => boolean): ChangeSet {
    return {
      created: [...this.#created].filter(exists),
      changed: [...this.#changed].filter((id) => !this.#created.has(id) && exists(id)),
      dissolved: [...this.#dissolved.values()].filter((d) => !exists(d.id)),
    };
  }
}
