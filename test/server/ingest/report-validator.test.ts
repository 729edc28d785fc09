// The ingest's compiled report check against the zod contract. For thousands of mutations of
// realistic reports (every field replaced by wrong types, boundary lengths in ASCII and astral
// characters, NUL, oversized arrays and records, unknown and missing keys, bad dates and ids):
// validateReport answers exactly what zod answers, and the fast path accepts a value only when
// zod would return it unchanged.
import { describe, expect, it } from 'vitest';
import { isCanonicalReport, validateReport } from '../../../server/ingest/report-validator.js';
import { Report, fieldIssues } from '../../../shared/index.js';
import { makeBenchReport } from '../../../scripts/bench-ingest/report-body.js';
import { finding, makeReport } from '../fixtures.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = (string | number)[];

const AGENT = '0b6f1c3e-7a51-4a7e-9d5e-3c8f3f7f0a11';
const PEER = '7d9c2a41-3b5e-4c6f-8a1d-2e3f4a5b6c7d';

function bases(): Json[] {
  const full = makeBenchReport(AGENT, 7);
  const withPeers = { ...makeReport(AGENT, { findings: [finding('ip_kvm.edid_match', 'critical', 'PiKVM')] }), lanPeers: [{ agentId: PEER, heardAt: '2025-06-01T10:00:00.000+02:00' }] };
  const bare = makeReport(AGENT, { findings: [] });
  return [full, withPeers, bare].map((r) => JSON.parse(JSON.stringify(r)) as Json);
}

/** Every path to a value in `value`, depth first (array elements: the first and the last). */
function paths(value: Json, at: Path = []): Path[] {
  const out: Path[] = [at];
  if (Array.isArray(value)) {
    const indexes = value.length > 1 ? [0, value.length - 1] : value.length ? [0] : [];
    for (const i of indexes) out.push(...paths(value[i]!, [...at, i]));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) out.push(...paths(child, [...at, key]));
  }
  return out;
}

function get(root: Json, path: Path): Json {
  return path.reduce<Json>((v, k) => (v as Record<string | number, Json>)[k]!, root);
}

/** A copy of `root` with the value at `path` replaced (undefined: the key removed). */
function replaced(root: Json, path: Path, value: Json | undefined): Json {
  const copy = structuredClone(root);
  if (!path.length) return value === undefined ? null : value;
  const parent = get(copy, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else {
    parent[key] = value;
  }
  return copy;
}

const LENGTHS = [31, 32, 33, 63, 64, 65, 127, 128, 129, 254, 255, 256, 511, 512, 513, 1023, 1024, 1025, 2047, 2048, 2049];
const SIZES = [31, 32, 33, 63, 64, 65, 255, 256, 257, 999, 1000, 1001, 1023, 1024, 1025];
const SCALARS: Json[] = [null, true, false, 0, -1, 0.5, 1e21, 2 ** 53, 65536, '', 'x', 'a\u0000b', [], {}, ['x'], { k: 'v' }];
const TEXTS = [
  '2025-06-01T10:00:00Z', '2025-06-01T10:00:00.123+02:00', '2025-06-01 10:00:00Z', '2025-02-30T00:00:00Z', '2025-06-01T10:00:00',
  '00000000-0000-0000-0000-000000000000', '0B6F1C3E-7A51-4A7E-9D5E-3C8F3F7F0A11', '0b6f1c3e-7a51-0a7e-9d5e-3c8f3f7f0a11',
  'a'.repeat(32), 'A'.repeat(32), 'g'.repeat(32), 'remote_access.process_running', 'Remote.x', 'linux', 'win32', 'critical', 'vpn',
  'a4:83:e7', 'A4:83:E7',
];

function* mutations(base: Json): Generator<Json> {
  for (const path of paths(base)) {
    const current = get(base, path);
    yield replaced(base, path, undefined);
    for (const value of SCALARS) yield replaced(base, path, value);
    if (typeof current === 'string') {
      for (const text of TEXTS) yield replaced(base, path, text);
      for (const n of LENGTHS) {
        yield replaced(base, path, 'a'.repeat(n));
        // Astral characters: two UTF-16 code units each, which is what zod's max() counts.
        yield replaced(base, path, '\u{1F642}'.repeat(Math.ceil(n / 2)));
      }
    }
    if (typeof current === 'number') for (const n of [-0.5, 1.5, 4.2e-7, Number.MAX_SAFE_INTEGER + 2]) yield replaced(base, path, n);
    if (Array.isArray(current)) {
      const item = current[0] ?? 'x';
      for (const n of SIZES) yield replaced(base, path, Array.from({ length: n }, () => structuredClone(item)));
    }
    if (current !== null && typeof current === 'object' && !Array.isArray(current)) {
      yield replaced(base, path, { ...current, unexpected: 1 });
      const [first] = Object.values(current);
      for (const n of [31, 32, 33]) yield replaced(base, path, Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, first ?? 1])));
      for (const key of ['k'.repeat(64), 'k'.repeat(65), '\u{1F642}'.repeat(32), '\u{1F642}'.repeat(33), 'a\u0000b', 'a4:83:e7', 'zz:zz:zz']) {
        yield replaced(base, path, { ...current, [key]: first ?? 1 });
      }
    }
  }
}

/** What the contract says about `value`: zod's own answer. */
function zodAnswer(value: unknown) {
  const parsed = Report.safeParse(value);
  return parsed.success ? { ok: true as const, report: parsed.data } : { ok: false as const, issues: fieldIssues(parsed.error) };
}

describe('compiled report validation', () => {
  it('accepts realistic reports on the fast path', () => {
    for (const base of bases()) {
      expect(isCanonicalReport(base)).toBe(true);
      expect(validateReport(base)).toEqual(zodAnswer(base));
    }
  });

  it('answers exactly as zod does, and takes the fast path only for values zod returns unchanged', () => {
    const counts = { variants: 0, zodAccepts: 0, fastPath: 0, nulFree: 0 };
    for (const base of bases()) {
      for (const variant of mutations(base)) {
        counts.variants++;
        const expected = zodAnswer(variant);
        if (isCanonicalReport(variant)) {
          counts.fastPath++;
          // toStrictEqual: no key zod would strip, none it would add.
          expect(expected.ok && expected.report).toStrictEqual(variant);
        }
        if (expected.ok) counts.zodAccepts++;
        expect(validateReport(variant)).toStrictEqual(expected);
        // The check without NUL patterns serves text without \u escapes, which cannot hold NUL.
        if (!JSON.stringify(variant).includes('\\u')) {
          counts.nulFree++;
          expect(isCanonicalReport(variant, false)).toBe(isCanonicalReport(variant));
          expect(validateReport(variant, false)).toStrictEqual(expected);
        }
      }
    }
    expect(counts.variants).toBeGreaterThan(8_000);
    expect(counts.nulFree).toBeGreaterThan(counts.variants * 0.9);
    // Zod accepts some variants only after stripping or defaulting, so they miss the fast path;
    // most accepted variants must take it, or the fast path is not doing its job.
    expect(counts.fastPath).toBeGreaterThan(counts.zodAccepts * 0.5);
    expect(counts.fastPath).toBeLessThanOrEqual(counts.zodAccepts);
  });

  it('refuses a NUL character only a \\u escape can spell, evidence values of every type and no other', () => {
    const [base] = bases() as [{ findings: { evidence: Record<string, Json> }[] }];
    const withEvidence = (value: Json) => ({ ...base, findings: [{ ...base.findings[0]!, evidence: { k: value } }] });
    for (const value of ['x', 1.5, true, null, ['a', 'b'], []]) expect(isCanonicalReport(withEvidence(value))).toBe(true);
    for (const value of [{ a: 1 }, [1], 'a\u0000b', ['a\u0000b']]) expect(isCanonicalReport(withEvidence(value))).toBe(false);
    expect(JSON.stringify('a\u0000b')).toContain('\\u0000');
  });

  it('leaves stripping unknown keys and filling defaults to zod', () => {
    const [base] = bases() as [Record<string, Json>];
    const { rtt: _rtt, lanPeers: _peers, ...withoutDefaults } = base;
    expect(isCanonicalReport(withoutDefaults)).toBe(false);
    expect(validateReport(withoutDefaults)).toMatchObject({ ok: true, report: { rtt: [], lanPeers: [] } });
    expect(isCanonicalReport({ ...base, extra: 1 })).toBe(false);
    const stripped = validateReport({ ...base, extra: 1 });
    expect(stripped.ok && 'extra' in stripped.report).toBe(false);
  });
});
