// Mouse jigglers: software that moves the pointer (or keeps the machine awake) so an unattended
// session never locks, and USB devices that say they are jigglers. A running jiggler is medium,
// a keep-awake tool low (they have ordinary uses); installed-only jigglers are low context.
import type { Facts, Finding, Policy } from '../../shared/index.js';
import { HARDWARE_JIGGLER_STRING, MOUSE_JIGGLER_SOFTWARE } from '../catalogues/mouse-jigglers.js';
import type { MouseJigglerSoftware } from '../catalogues/mouse-jigglers.js';
import { makeFinding, unique } from './finding.js';
import { usbEvidence, usbSubject, vidPid } from './usb.js';

const normalise = (name: string) => name.trim().toLowerCase().replace(/\.(exe|app)$/, '');
const basename = (path: string) => path.split(/[\\/]/).filter(Boolean).at(-1) ?? '';

const byProcessName = new Map<string, MouseJigglerSoftware>();
for (const tool of MOUSE_JIGGLER_SOFTWARE) for (const name of tool.processNames) byProcessName.set(name, tool);

export const matchJiggler = (name: string, path?: string): MouseJigglerSoftware | undefined =>
  byProcessName.get(normalise(name)) ?? (path ? byProcessName.get(normalise(basename(path))) : undefined);

function softwareFindings(facts: Facts): Finding[] {
  const running = new Map<string, { tool: MouseJigglerSoftware; pids: string[]; paths: string[] }>();
  for (const p of facts.processes) {
    const tool = matchJiggler(p.name, p.path);
    if (!tool) continue;
    const entry = running.get(tool.id) ?? { tool, pids: [], paths: [] };
    entry.pids.push(String(p.pid));
    if (p.path) entry.paths.push(p.path);
    running.set(tool.id, entry);
  }
  const findings = [...running.values()].map(({ tool, pids, paths }) => makeFinding('posture.mouse_jiggler', {
    subject: tool.name,
    summary: tool.kind === 'jiggler'
      ? `${tool.name}, a mouse jiggler, is running: it keeps an unattended session from locking.`
      : `${tool.name}, a keep-awake tool, is running: it keeps an unattended session from sleeping.`,
    evidence: { tool: tool.name, toolId: tool.id, kind: tool.kind, running: true, pids, paths: unique(paths) },
    ...(tool.kind === 'keep-awake' ? { severity: 'low' as const } : {}),
  }));
  const installed = new Map<string, { tool: MouseJigglerSoftware; paths: string[] }>();
  for (const app of facts.installedApps) {
    const tool = matchJiggler(app.name, app.path);
    if (!tool || tool.kind !== 'jiggler' || running.has(tool.id)) continue;
    const entry = installed.get(tool.id) ?? { tool, paths: [] };
    if (app.path) entry.paths.push(app.path);
    installed.set(tool.id, entry);
  }
  for (const { tool, paths } of installed.values()) {
    findings.push(makeFinding('posture.mouse_jiggler', {
      subject: tool.name,
      summary: `${tool.name}, a mouse jiggler, is installed (not running).`,
      evidence: { tool: tool.name, toolId: tool.id, kind: tool.kind, running: false, paths: unique(paths) },
      severity: 'low',
    }));
  }
  return findings;
}

function hardwareFindings(facts: Facts): Finding[] {
  return facts.usbDevices
    .filter((d) => !d.historical && (HARDWARE_JIGGLER_STRING.test(d.product ?? '') || HARDWARE_JIGGLER_STRING.test(d.manufacturer ?? '')))
    .map((d) => makeFinding('posture.mouse_jiggler', {
      subject: usbSubject(d),
      summary: `A USB device that names itself a jiggler is attached (${vidPid(d)}): hardware that moves the pointer so the session never locks.`,
      evidence: { ...usbEvidence(d), kind: 'hardware' },
    }));
}

export function detectMouseJiggler(facts: Facts, _policy: Policy): Finding[] {
  return [...softwareFindings(facts), ...hardwareFindings(facts)];
}
