// Collects what one engine call did to clusters. A cluster created and dissolved within the same
// call never existed for the caller; one dissolved and re-created under the same id changed.
import type { ChangeSet, DissolveReason } from './types.js';

type State = { kind: 'created' } | { kind: 'changed' } | { kind: 'dissolved'; reason: DissolveReason; into?: string };

export class ChangeCollector {
  readonly #states = new Map<string, State>();

  created(id: string): void {
    const before = this.#states.get(id);
    this.#states.set(id, before?.kind === 'dissolved' ? { kind: 'changed' } : { kind: 'created' });
  }

  changed(id: string): void {
    if (!this.#states.has(id)) this.#states.set(id, { kind: 'changed' });
  }

  dissolved(id: string, reason: DissolveReason, into?: string): void {
    if (this.#states.get(id)?.kind === 'created') this.#states.delete(id);
    else this.#states.set(id, into === undefined ? { kind: 'dissolved', reason } : { kind: 'dissolved', reason, into });
  }

  result(): ChangeSet {
    const set: ChangeSet = { created: [], changed: [], dissolved: [] };
    for (const [id, state] of this.#states) {
      if (state.kind === 'dissolved') {
        set.dissolved.push(state.into === undefined ? { id, reason: state.reason } : { id, reason: state.reason, into: state.into });
      } else {
        set[state.kind].push(id);
      }
    }
    set.created.sort();
    set.changed.sort();
    set.dissolved.sort((x, y) => (x.id < y.id ? -1 : 1));
    return set;
  }
}
