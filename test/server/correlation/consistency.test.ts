// A seeded random walk of a small fleet (moves, employee changes, beacons, offices, sweeps,
// forgotten devices, restarts from snapshots): after every step the incrementally kept clusters must equal the connected
// components computed from scratch over the engine's own edges, and ids must be unique.
import { describe, expect, it } from 'vitest';
import { CorrelationEngine, type ClusterView } from '../../../server/correlation/index.js';
import { HOUR, T0, atHome, observation } from './observations.js';

function components(engine: CorrelationEngine, devices: string[]): string[][] {
  const seen = new Set<string>();
  const result: string[][] = [];
  for (const start of devices) {
    if (seen.has(start) || engine.edgesOf(start).length === 0) continue;
    const part = [start];
    seen.add(start);
    for (let i = 0; i < part.length; i++) {
      for (const edge of engine.edgesOf(part[i]!)) {
        const other = edge.a === part[i] ? edge.b : edge.a;
        if (!seen.has(other)) {
          seen.add(other);
          part.push(other);
        }
      }
    }
    result.push(part.sort());
  }
  return result.sort();
}

describe('incremental clusters', () => {
  it('always equal the components recomputed from scratch', () => {
    let seed = 42;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const options = { windowsMs: { ip: HOUR, gateway: 2 * HOUR, bssid: 2 * HOUR, neighbours: 2 * HOUR, beacon: 1.5 * HOUR } };
    let engine = new CorrelationEngine(options);
    const devices = Array.from({ length: 40 }, (_, i) => `d${String(i).padStart(2, '0')}`);
    const homes = Array.from({ length: 14 }, (_, i) => `home-${i}`);
    const employees = [...Array.from({ length: 30 }, (_, i) => `e${i}`), null];
    let now = T0;
    let ids = new Set<string>();
    const seenCounts = { created: 0, merged: 0, emptied: 0 };
    let recomputes = 0;
    for (let step = 0; step < 600; step++) {
      now += Math.floor(random() * 4 * 60_000);
      const id = pick(devices);
      const roll = random();
      let changes;
      if (roll < 0.02) changes = engine.sweep(now);
      else if (roll < 0.03) changes = engine.forget(id);
      else if (roll < 0.06) changes = engine.observe(observation(id, pick(employees), { observedAt: now, lanPeers: [pick(devices)] }));
      else {
        // Mostly at its own home, sometimes visiting another; employees are sometimes reassigned.
        const home = random() < 0.85 ? homes[devices.indexOf(id) % homes.length]! : pick(homes);
        const employee = random() < 0.9 ? employees[devices.indexOf(id) % employees.length]! : pick(employees);
        changes = engine.observe(atHome(home, id, employee, { observedAt: now, officeNetwork: random() < 0.05 }));
      }

      seenCounts.created += changes.created.length;
      for (const d of changes.dissolved) seenCounts[d.reason]++;
      const views: ClusterView[] = engine.clusters();
      expect(views.map((v) => v.members).sort(), `step ${step}`).toEqual(components(engine, devices));
      const probe = pick(devices);
      expect(engine.clusterOf(probe)?.id).toBe(views.find((v) => v.members.includes(probe))?.id);
      const now_ = new Set(views.map((v) => v.id));
      expect(now_.size).toBe(views.length);
      // The change set accounts for every id that appeared or disappeared.
      for (const created of changes.created) expect(now_.has(created)).toBe(true);
      for (const { id: gone } of changes.dissolved) expect(now_.has(gone)).toBe(false);
      for (const appeared of [...now_].filter((x) => !ids.has(x))) expect(changes.created.concat(changes.changed)).toContain(appeared);
      for (const vanished of [...ids].filter((x) => !now_.has(x))) expect(changes.dissolved.map((d) => d.id)).toContain(vanished);
      ids = now_;
      if (step % 100 === 99) {
        // The collector restarts: the restored engine has the same clusters and carries on.
        const restored = CorrelationEngine.restore(JSON.parse(JSON.stringify(engine.snapshot())), options);
        expect(restored.clusters()).toEqual(views);
        recomputes += engine.stats().componentRecomputes;
        engine = restored;
      }
    }
    expect(recomputes + engine.stats().componentRecomputes).toBeGreaterThan(10);
    expect(seenCounts.created).toBeGreaterThan(20);
    expect(seenCounts.merged).toBeGreaterThan(5);
    expect(seenCounts.emptied).toBeGreaterThan(5);
  });
});
