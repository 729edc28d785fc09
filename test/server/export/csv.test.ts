// CSV and JSON exports of alerts and devices.
import { describe, expect, it } from 'vitest';
import { ALERT_COLUMNS, DEVICE_COLUMNS } from '../../../server/export/columns.js';
import { csvCell, csvStream, toCsv } from '../../../server/export/csv.js';
import { jsonExport, jsonExportText } from '../../../server/export/json.js';
import type { DeviceSummary } from '../../../server/store/store.js';
import { sampleAlert } from '../outputs/fixtures.js';

const DEVICE: DeviceSummary = {
  agentId: 'agent-1', hostname: '=HYPERLINK("http://evil.example","x")', platform: 'win32', agentVersion: '0.1.0',
  serial: '-SN,01', hardwareUuid: null, osRelease: 'Windows 11 "Pro"', arch: 'x64', manufacturer: '@Lenovo', model: 'T14\nGen 3',
  enrolledAt: '2026-11-01T08:00:00.000Z', lastSeenAt: null, openAlertCount: -1, reportCount: 12,
};

describe('CSV', () => {
  it('quotes commas, quotes and line breaks, and leaves plain cells alone', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\r\nlines')).toBe('"two\r\nlines"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(true)).toBe('true');
  });

  it('neutralises cells a spreadsheet would run as formulas, but not numbers', () => {
    expect(csvCell('=1+1')).toBe("'=1+1");
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tx')).toBe("'\tx");
    expect(csvCell('=A1,B1')).toBe(`"'=A1,B1"`);
    expect(csvCell(-5)).toBe('-5');
  });

  it('writes devices with a header line and CRLF line ends', () => {
    expect(toCsv(DEVICE_COLUMNS, [DEVICE])).toBe(
      'agent_id,hostname,platform,os_release,arch,manufacturer,model,serial,hardware_uuid,agent_version,enrolled_at,last_seen_at,open_alert_count,report_count\r\n'
      + `agent-1,"'=HYPERLINK(""http://evil.example"",""x"")",win32,"Windows 11 ""Pro""",x64,'@Lenovo,"T14\nGen 3","'-SN,01",,0.1.0,2026-11-01T08:00:00.000Z,,-1,12\r\n`,
    );
  });

  it('writes alerts with lists joined in one cell, and streams the same text', async () => {
    const alert = sampleAlert();
    const text = toCsv(ALERT_COLUMNS, [alert]);
    const [header, row, end] = text.split('\r\n');
    expect(header!.split(',')).toEqual(ALERT_COLUMNS.map((column) => column.header));
    expect(row).toContain('"A USB device presents the descriptors of a known IP-KVM.; Path C:\\Tools\\kvm, a=b"');
    expect(row!.startsWith('a1b2c3d4-0000-4000-8000-000000000001,ip_kvm,ip_kvm.usb_descriptor_match,ip_kvm,critical,92,open,')).toBe(true);
    expect(end).toBe('');
    async function* rows() {
      yield alert;
    }
    let streamed = '';
    for await (const chunk of csvStream(ALERT_COLUMNS, rows())) streamed += chunk;
    expect(streamed).toBe(text);
  });
});

describe('JSON export', () => {
  it('wraps the items with the kind, the count and the export time', () => {
    expect(jsonExport('devices', [DEVICE], '2026-11-22T10:00:00.000Z')).toEqual({ exportedAt: '2026-11-22T10:00:00.000Z', kind: 'devices', count: 1, items: [DEVICE] });
    const text = jsonExportText('alerts', [sampleAlert()], '2026-11-22T10:00:00.000Z');
    expect(text.endsWith('}\n')).toBe(true);
    expect(JSON.parse(text).items[0].id).toBe(sampleAlert().id);
  });
});
