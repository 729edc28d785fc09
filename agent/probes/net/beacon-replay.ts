// Which verified beacons an agent accepts: not its own, sent within the replay window of its own
// clock, and each nonce once. Nonces are remembered for twice the window, so a beacon captured
// and replayed later is either stale or a repeat.
export const REPLAY_WINDOW_MS = 2 * 60_000;

export type Verdict = 'accepted' | 'own' | 'stale' | 'repeated';

export class BeaconGate {
  readonly #ownAgentId: string;
  readonly #windowMs: number;
  readonly #seen = new Map<string, number>();

  constructor(ownAgentId: string, windowMs: number = REPLAY_WINDOW_MS) {
    this.#ownAgentId = ownAgentId.toLowerCase();
    this.#windowMs = windowMs;
  }

  judge(beacon: { agentId: string; nonce: string; ts: number }, now: number = Date.now()): Verdict {
    if (beacon.agentId.toLowerCase() === this.#ownAgentId) return 'own';
    if (Math.abs(now - beacon.ts) > this.#windowMs) return 'stale';
    this.#forgetBefore(now - 2 * this.#windowMs);
    if (this.#seen.has(beacon.nonce)) return 'repeated';
    this.#seen.set(beacon.nonce, now);
    return 'accepted';
  }

  #forgetBefore(cutoff: number): void {
    for (const [nonce, at] of this.#seen) {
      if (at >= cutoff) break; // insertion order is time order
      this.#seen.delete(nonce);
    }
  }
}
