// An agent's request body to a report: broken JSON and prototype-poisoning keys (plain or spelled
// with \u escapes) are refused like fastify's own parser refuses them, schema errors name their
// fields, a report for another agent is forbidden, and what is archived is the validated report
// serialised again, so a repeated key cannot smuggle a second value past validation.
import { describe, expect, it } from 'vitest';
import { decodeReport } from '../../../server/ingest/decode-report.js';
import { finding, makeReport } from '../fixtures.js';

const AGENT = '0b6f1c3e-7a51-4a7e-9d5e-3c8f3f7f0a11';
const report = makeReport(AGENT, { findings: [finding('ip_kvm.edid_match', 'critical', 'PiKVM')] });
const text = JSON.stringify(report);
const code = (result: ReturnType<typeof decodeReport>) => (result.ok ? 'ok' : result.error.code);
/** The report's text with the first finding's evidence replaced by raw JSON. */
const withEvidence = (json: string) => text.replace(JSON.stringify(report.findings[0]!.evidence), json);

describe('decodeReport', () => {
  it('returns the validated report and the text to archive', () => {
    const result = decodeReport(text, AGENT);
    expect(result).toEqual({ ok: true, decoded: { report, body: text } });
  });

  it('refuses what is not JSON', () => {
    for (const body of ['', '   ', '{', 'null x', text.slice(0, -1)]) expect(code(decodeReport(body, AGENT))).toBe('INVALID_JSON');
  });

  it('refuses prototype-poisoning keys, also when spelled with escapes', () => {
    expect(code(decodeReport(`{"__proto__":{"polluted":true},${text.slice(1)}`, AGENT))).toBe('INVALID_JSON');
    expect(code(decodeReport(withEvidence('{"\\u005f_proto__":{"x":1}}'), AGENT))).toBe('INVALID_JSON');
    expect(code(decodeReport(withEvidence('{"constructor":{"prototype":{"x":1}}}'), AGENT))).toBe('INVALID_JSON');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    // The words alone are harmless: an evidence field may be called constructor.
    const harmless = decodeReport(withEvidence('{"constructor":"PiKVM"}'), AGENT);
    expect(harmless.ok && harmless.decoded.report.findings[0]!.evidence).toEqual({ constructor: 'PiKVM' });
  });

  it('names the failing fields of a report that breaks the schema', () => {
    const result = decodeReport(JSON.stringify({ ...report, agentVersion: 7 }), AGENT);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error.code).toBe('VALIDATION_FAILED');
    expect(!result.ok && result.error.details).toEqual([expect.objectContaining({ path: 'agentVersion' })]);
  });

  it('forbids a report naming another agent than the token', () => {
    expect(code(decodeReport(text, '7d9c2a41-3b5e-4c6f-8a1d-2e3f4a5b6c7d'))).toBe('FORBIDDEN');
  });

  it('archives one value for a repeated key: the one that was validated', () => {
    const repeated = `{"agentVersion":"\\u0000 not validated",${text.slice(1)}`;
    const result = decodeReport(repeated, AGENT);
    expect(result.ok).toBe(true);
    const body = result.ok ? result.decoded.body : '';
    expect(JSON.parse(body)).toEqual(report);
    expect(body.match(/"agentVersion"/g)).toHaveLength(1);
  });
});
