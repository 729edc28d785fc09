// Remote-access tools running for real: 30+ copies of /bin/sleep, each named exactly like a
// process the LOLRMM-derived catalogue lists (Windows, macOS and Linux entries), found by the
// real Linux probes (procfs comm, exe link) and detect(). Names longer than the kernel's 15-character
// comm exercise the probe's recovery of the full name from the executable's basename.
import { readlink, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../../shared/index.js';
import type { Finding } from '../../../shared/index.js';
import { REMOTE_ACCESS_CATALOGUE } from '../../../agent/catalogues/remote-access.js';
import type { ToolOs } from '../../../agent/catalogues/remote-access.js';
import { collectFacts } from '../../../agent/probes/index.js';
import { detect } from '../../../agent/detect/index.js';
import { startDecoy, type Decoy } from '../../support/decoy-process.js';

interface Row {
  toolId: string;
  /** The catalogue's process name, verbatim: also the decoy's file name. */
  name: string;
  /** The catalogue OS this name stands for. */
  os: ToolOs;
}

const ROWS: Row[] = [
  // Windows entries (names with .exe; several longer than 15 characters)
  { os: 'windows', toolId: 'anydesk', name: 'AnyDesk.exe' },
  { os: 'windows', toolId: 'teamviewer', name: 'TeamViewer_Service.exe' },
  { os: 'windows', toolId: 'screenconnect', name: 'connectwisecontrol.client.exe' },
  { os: 'windows', toolId: 'supremo', name: 'supremoservice.exe' },
  { os: 'windows', toolId: 'atera', name: 'AteraAgent.exe' },
  { os: 'windows', toolId: 'kaseya', name: 'agentmon.exe' },
  { os: 'windows', toolId: 'goto-resolve', name: 'GoToResolveFileManager.exe' },
  { os: 'windows', toolId: 'parsec', name: 'pservice.exe' },
  { os: 'windows', toolId: 'veyon', name: 'veyon-server.exe' },
  { os: 'windows', toolId: 'remotepc', name: 'RemotePCService.exe' },
  { os: 'windows', toolId: 'meshcentral', name: 'MeshAgent.exe' },
  { os: 'windows', toolId: 'dw-service', name: 'dwagsvc.exe' },
  { os: 'windows', toolId: 'invgate', name: 'InvGateRD.exe' },
  // macOS entries
  { os: 'macos', toolId: 'splashtop', name: 'Splashtop Streamer' },
  { os: 'macos', toolId: 'ninjaone', name: 'ninjarmm-macagent' },
  { os: 'macos', toolId: 'helpwire', name: 'HelpWire Operator' },
  { os: 'macos', toolId: 'teramind', name: 'Teramind Agent' },
  { os: 'macos', toolId: 'tiflux', name: 'TiAgent' },
  { os: 'macos', toolId: 'chrome-remote-desktop', name: 'ChromeRemoteDesktopHost' },
  { os: 'macos', toolId: 'alpemix', name: 'Alpemix' },
  { os: 'macos', toolId: 'controlr', name: 'ControlR' },
  { os: 'macos', toolId: 'remotely', name: 'Remotely_Agent' },
  // Linux entries
  { os: 'linux', toolId: 'x11vnc', name: 'x11vnc' },
  { os: 'linux', toolId: 'xrdp', name: 'xrdp-sesman' },
  { os: 'linux', toolId: 'wayvnc', name: 'wayvnc' },
  { os: 'linux', toolId: 'tigervnc', name: 'Xtigervnc' },
  { os: 'linux', toolId: 'tightvnc', name: 'Xtightvnc' },
  { os: 'linux', toolId: 'realvnc', name: 'vncserver-x11-core' },
  { os: 'linux', toolId: 'nomachine', name: 'nxserver.bin' },
  { os: 'linux', toolId: 'rustdesk', name: 'rustdesk' },
  { os: 'linux', toolId: 'tmate', name: 'tmate' },
  { os: 'linux', toolId: 'shellhub', name: 'shellhub-agent' },
  { os: 'linux', toolId: 'pitunnel', name: 'pitunnel' },
  { os: 'linux', toolId: 'dataplicity', name: 'dataplicity' },
  { os: 'linux', toolId: 'nezha', name: 'nezha-agent' },
  { os: 'linux', toolId: 'glpi-agent', name: 'glpi-agent' },
];

const tool = (id: string) => {
  const found = REMOTE_ACCESS_CATALOGUE.tools.find((t) => t.id === id);
  if (!found) throw new Error(`catalogue has no tool ${id}`);
  return found;
};

/** Resolves once the child has exec'd the decoy (before that, procfs shows the forking parent). */
async function execed(decoy: Decoy): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    const exe = await readlink(`/proc/${decoy.process.pid}/exe`).catch(() => undefined);
    if (exe === decoy.path) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`decoy ${decoy.path} did not start`);
}

const onLinux = process.platform === 'linux';
if (!onLinux) console.warn('skipping real remote-access processes: the Linux probes read procfs');

describe.skipIf(!onLinux)('remote-access tools running as real processes', { timeout: 60_000 }, () => {
  const decoys = new Map<Row, Decoy>();
  let findings: Finding[] = [];

  beforeAll(async () => {
    for (const row of ROWS) decoys.set(row, startDecoy(row.name));
    for (const decoy of decoys.values()) await execed(decoy);
    findings = detect(await collectFacts(), DEFAULT_POLICY);
  });

  afterAll(async () => {
    for (const decoy of decoys.values()) decoy.stop();
    await Promise.all([...decoys.values()].map((decoy) => rm(dirname(decoy.path), { recursive: true, force: true })));
  });

  it('uses 30+ distinct catalogue tools, names taken verbatim from Windows, macOS and Linux entries', () => {
    expect(new Set(ROWS.map((r) => r.toolId)).size).toBe(ROWS.length);
    expect(ROWS.length).toBeGreaterThanOrEqual(30);
    for (const os of ['windows', 'macos', 'linux'] as const) expect(ROWS.filter((r) => r.os === os).length).toBeGreaterThanOrEqual(8);
    for (const row of ROWS) {
      expect(tool(row.toolId).processes, row.toolId).toContain(row.name);
      expect(tool(row.toolId).os, row.toolId).toContain(row.os);
    }
    expect(ROWS.filter((r) => r.name.length > 15).length).toBeGreaterThanOrEqual(8);
  });

  it.each(ROWS)('$os entry $name -> $toolId, with its pid and path', (row) => {
    const decoy = decoys.get(row)!;
    const pid = String(decoy.process.pid);
    const running = findings.filter((f) => f.signal === 'remote_access.process_running' && f.evidence.toolId === row.toolId);
    expect(running, `${row.name}: ${findings.map((f) => `${f.signal}:${f.subject}`).join(', ')}`).toHaveLength(1);
    expect(running[0]).toMatchObject({ category: 'remote_access', severity: tool(row.toolId).severity, subject: tool(row.toolId).name });
    expect(running[0]!.evidence.pids).toContain(pid);
    expect(running[0]!.evidence.paths).toContain(decoy.path);
  });
});
