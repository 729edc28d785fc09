// Output configuration: what an administrator may write, and the clear errors for what not.
import { describe, expect, it } from 'vitest';
import { OutputConfig, redactOutputConfig } from '../../../server/outputs/types.js';

const problems = (input: unknown) => {
  const result = OutputConfig.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('OutputConfig', () => {
  it('fills defaults', () => {
    expect(OutputConfig.parse({ id: 'siem', name: 'SIEM', type: 'syslog', transport: 'tls', host: 'siem.example.com', port: 6514 })).toEqual({
      id: 'siem', name: 'SIEM', type: 'syslog', transport: 'tls', host: 'siem.example.com', port: 6514,
      enabled: true, filter: {}, timeoutMs: 10_000, rejectUnauthorized: true, appName: 'farmwatch', facility: 'local0',
    });
    expect(OutputConfig.parse({ id: 'hec', name: 'Splunk', type: 'splunk_hec', url: 'https://splunk.example.com:8088/services/collector/event', token: 't' }))
      .toMatchObject({ source: 'farmwatch', sourcetype: 'farmwatch:alert' });
  });

  it('names each wrong field', () => {
    expect(problems({ id: 'Bad Id', name: 'x', type: 'webhook', url: 'ftp://x', secret: 'short', headers: { 'X-FarmWatch-Signature': 'x' }, filter: { types: ['nope'], minSeverity: 'severe' } })).toEqual([
      'id: lowercase letters, digits, _ and -, at most 64',
      'filter.types.0: Invalid option: expected one of "remote_control"|"ip_kvm"|"location_implausible"|"agent_silent"|"agent_clone"|"policy_violation"|"farm_suspected"',
      'filter.minSeverity: Invalid option: expected one of "info"|"low"|"medium"|"high"|"critical"',
      'url: expected an http:// or https:// URL',
      'secret: use a secret of 16 characters or more',
      'headers.X-FarmWatch-Signature: this header is set by FarmWatch',
    ]);
    expect(problems({ id: 'x', name: 'x', type: 'pagerduty' })[0]).toMatch(/^type: /);
    expect(problems({ id: 's', name: 's', type: 'syslog', transport: 'udp', host: 'h', port: 70000, appName: 'has space', facility: 'local9', extra: 1 })).toEqual([
      'port: Too big: expected number to be <=65535',
      'appName: 1-48 printable ASCII characters, no spaces',
      expect.stringMatching(/^facility: Invalid option: expected one of "kern"/),
      ': Unrecognized key: "extra"',
    ]);
    expect(problems({ id: 'h', name: 'h', type: 'webhook', url: 'https://x.example', secret: '0123456789abcdef', headers: { 'bad header': 'x' } }))
      .toEqual(['headers.bad header: not a valid HTTP header name']);
  });

  it('masks secrets for display', () => {
    const config = OutputConfig.parse({ id: 'hook', name: 'Hook', type: 'webhook', url: 'https://h.example.com/x', secret: '0123456789abcdef', headers: { 'X-Api-Key': 'k' } });
    expect(redactOutputConfig(config)).toMatchObject({ secret: '********', headers: { 'X-Api-Key': '********' }, url: 'https://h.example.com/x' });
    expect(redactOutputConfig(OutputConfig.parse({ id: 's', name: 'S', type: 'slack', webhookUrl: 'https://hooks.slack.com/services/T/B/X' }))).toMatchObject({ webhookUrl: '********' });
  });
});
