// The pure formatters: exact CEF and RFC 5424 text, chat payload shapes, HEC events, signatures.
import { describe, expect, it } from 'vitest';
import { cefMessage, escapeCefExtension, escapeCefHeader } from '../../../server/outputs/format/cef.js';
import { slackPayload } from '../../../server/outputs/format/slack.js';
import { hecEvent, hecFailure } from '../../../server/outputs/format/splunk-hec.js';
import { alertSyslogMessage, escapeSdValue, octetCounted, rfc5424, syslogPri } from '../../../server/outputs/format/syslog.js';
import { teamsPayload } from '../../../server/outputs/format/teams.js';
import { signatureHeader, verifySignature, webhookRequest } from '../../../server/outputs/format/webhook.js';
import { WebhookOutput } from '../../../server/outputs/types.js';
import { CONTEXT, sampleEvent } from './fixtures.js';

const EVENT_ID = 'aa088f1e-ca90-5d92-a07c-c655917573a2';
const CONSOLE = 'https://farmwatch.example.com/console/alerts/a1b2c3d4-0000-4000-8000-000000000001';

describe('CEF', () => {
  it('escapes backslash and pipe in the header, backslash, equals and line breaks in extensions', () => {
    expect(escapeCefHeader('a|b\\c\nd')).toBe('a\\|b\\\\c d');
    expect(escapeCefExtension('a=b\\c|d\r\ne')).toBe('a\\=b\\\\c|d\\r\\ne');
  });

  it('formats an alert event exactly', () => {
    expect(cefMessage(sampleEvent(), CONTEXT)).toBe(
      'CEF:0|FarmWatch|FarmWatch|0.1.0|ip_kvm.usb_descriptor_match|PiKVM V4 attached (1d6b:0104) \\| HID=keyboard|10|'
      + `rt=${Date.parse('2026-11-20T09:15:00.000Z')} dvchost=collector-1 act=opened externalId=a1b2c3d4-0000-4000-8000-000000000001 cat=ip_kvm `
      + 'msg=PiKVM V4 attached (1d6b:0104) | HID\\=keyboard '
      + `start=${Date.parse('2026-11-20T09:15:00.000Z')} end=${Date.parse('2026-11-21T10:30:00.250Z')} cnt=3 `
      + 'cs1Label=alertType cs1=ip_kvm cs2Label=status cs2=open cs3Label=deviceIds cs3=agent-17 '
      + 'cs4Label=reasons cs4=A USB device presents the descriptors of a known IP-KVM.\\nPath C:\\\\Tools\\\\kvm, a\\=b '
      + `cs6Label=consoleUrl cs6=${CONSOLE} cn1Label=score cn1=92 flexString1Label=eventId flexString1=${EVENT_ID}`,
    );
  });

  it('maps severities to 0-10 and leaves out absent values with their labels', () => {
    const low = cefMessage(sampleEvent('updated', { severity: 'low' }), CONTEXT);
    expect(low.split(/(?<!\\)\|/)[6]).toBe('3');
    expect(low).not.toContain('cs5');
    const farm = cefMessage({ ...sampleEvent(), clusterId: 'cluster-9', consoleUrl: null }, CONTEXT);
    expect(farm).toContain('cs5Label=clusterId cs5=cluster-9');
    expect(farm).not.toContain('cs6');
  });
});

describe('RFC 5424', () => {
  it('computes PRI from facility and severity', () => {
    expect(syslogPri('local0', 'critical')).toBe(130);
    expect(syslogPri('auth', 'info')).toBe(4 * 8 + 6);
    expect(syslogPri('local7', 'medium')).toBe(23 * 8 + 4);
  });

  it('frames the header, structured data and message exactly', () => {
    expect(rfc5424({
      facility: 'local4', severity: 'high', timestamp: '2026-11-22T11:00:00+01:00', hostname: 'host with space',
      appName: 'farmwatch', msgId: 'alert-opened', structuredData: [{ id: 'origin', params: [['software', 'a"b]c\\d']] }], message: 'hi',
    })).toBe('<163>1 2026-11-22T10:00:00.000Z hostwithspace farmwatch - alert-opened [origin software="a\\"b\\]c\\\\d"] hi');
    expect(escapeSdValue('"]\\')).toBe('\\"\\]\\\\');
  });

  it('carries the CEF line as MSG of an alert event', () => {
    const event = sampleEvent();
    expect(alertSyslogMessage(event, { facility: 'local0', appName: 'farmwatch' }, CONTEXT)).toBe(
      `<130>1 2026-11-20T09:15:00.000Z collector-1 farmwatch 4242 alert-opened [origin software="FarmWatch" swVersion="0.1.0"] ${cefMessage(event, CONTEXT)}`,
    );
  });

  it('counts octets, not characters', () => {
    expect(octetCounted('héllo').toString('utf8')).toBe('6 héllo');
  });
});

describe('webhook signature', () => {
  const config = WebhookOutput.parse({ id: 'hook', name: 'Hook', type: 'webhook', url: 'https://hooks.example.com/fw', secret: 'a-secret-of-16-chars', headers: { 'X-Team': 'soc' } });

  it('signs t.body with HMAC-SHA256 and verifies only the exact body within the tolerance', () => {
    const now = new Date('2026-11-22T10:00:00.000Z');
    const request = webhookRequest(config, sampleEvent(), now);
    expect(JSON.parse(request.body)).toEqual(sampleEvent());
    expect(request.headers).toMatchObject({ 'X-Team': 'soc', 'Content-Type': 'application/json', 'X-FarmWatch-Event-Id': EVENT_ID });
    const header = request.headers['X-FarmWatch-Signature']!;
    expect(header).toMatch(/^t=1795341600,v1=[0-9a-f]{64}$/);
    expect(verifySignature(config.secret, header, request.body, { now })).toBe(true);
    expect(verifySignature(config.secret, header, `${request.body} `, { now })).toBe(false);
    expect(verifySignature('another-secret-16ch', header, request.body, { now })).toBe(false);
    expect(verifySignature(config.secret, header, request.body, { now: new Date(now.getTime() + 301_000) })).toBe(false);
    expect(verifySignature(config.secret, 'v1=00', request.body, { now })).toBe(false);
  });

  it('matches an independently computed HMAC', () => {
    // echo -n '1700000000.{"a":1}' | openssl dgst -sha256 -hmac 'k'
    expect(signatureHeader('k', 1_700_000_000, '{"a":1}')).toBe('t=1700000000,v1=1b6ad1bc9bf48c52ce01939866d5877c6cc4e87ddad27e16673cb8c4964394a3');
  });
});

describe('chat formats', () => {
  it('Slack: fallback text, severity colour, escaped mrkdwn, fields and a console button', () => {
    const payload = slackPayload(sampleEvent('opened', { summary: 'a <b> & c' })) as { text: string; attachments: { color: string; blocks: { type: string; fields?: unknown[]; elements?: { url?: string }[]; text?: { text: string } }[] }[] };
    expect(payload.text).toBe('FarmWatch: New alert [CRITICAL] ip kvm: a <b> & c');
    const [attachment] = payload.attachments;
    expect(attachment!.color).toBe('#b71c1c');
    expect(attachment!.blocks.map((block) => block.type)).toEqual(['header', 'section', 'section', 'section', 'context', 'actions']);
    expect(attachment!.blocks[1]!.text!.text).toBe('a &lt;b&gt; &amp; c');
    expect(attachment!.blocks[2]!.fields).toHaveLength(6);
    expect(attachment!.blocks[5]!.elements![0]!.url).toBe(CONSOLE);
  });

  it('Teams: a message with one Adaptive Card 1.4 attachment', () => {
    const payload = teamsPayload(sampleEvent()) as { type: string; attachments: { contentType: string; content: Record<string, unknown> }[] };
    expect(payload.type).toBe('message');
    expect(payload.attachments).toHaveLength(1);
    const [attachment] = payload.attachments;
    expect(attachment!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(attachment!.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4', actions: [{ type: 'Action.OpenUrl', url: CONSOLE }] });
    const body = attachment!.content.body as { type: string; color?: string; facts?: { title: string; value: string }[] }[];
    expect(body[0]).toMatchObject({ type: 'TextBlock', color: 'Attention' });
    expect(body[2]!.facts).toContainEqual({ title: 'Signal', value: 'ip_kvm.usb_descriptor_match' });
  });
});

describe('Splunk HEC', () => {
  it('wraps the event with time in epoch seconds, host, source, sourcetype and index', () => {
    const event = sampleEvent();
    expect(hecEvent({ index: 'security', source: 'farmwatch', sourcetype: 'farmwatch:alert' }, event, CONTEXT)).toEqual({
      time: Date.parse('2026-11-20T09:15:00.000Z') / 1000, host: 'collector-1', source: 'farmwatch', sourcetype: 'farmwatch:alert', index: 'security', event,
    });
  });

  it('accepts only code 0 with a 2xx status', () => {
    expect(hecFailure(200, '{"text":"Success","code":0}')).toBeNull();
    expect(hecFailure(403, '{"text":"Invalid token","code":4}')).toBe('HTTP 403, HEC code 4: Invalid token');
    expect(hecFailure(200, '{"text":"Incorrect index","code":7}')).toBe('HTTP 200, HEC code 7: Incorrect index');
    expect(hecFailure(503, 'busy')).toBe('HTTP 503');
  });
});
