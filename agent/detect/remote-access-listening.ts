// Remote desktop servers that accept connections: TCP listeners on the RDP, VNC, TeamViewer,
// AnyDesk and RustDesk ports (with the owning process), and enabled or running remote desktop
// services (xrdp, x11vnc, Vino, macOS Screen Sharing...). One finding per server. A listener bound
// to loopback only, or a tool-specific port held by a process that is not that tool, is `medium`:
// reachable through a tunnel or a coincidence, but not directly from the network.
import type { ConnectionFact, Facts, Finding, Policy, ProcessFact } from '../../shared/index.js';
import { REMOTE_DESKTOP_SERVICES, remoteDesktopPort } from '../catalogues/remote-desktop-services.js';
import type { RemoteDesktopService } from '../catalogues/remote-desktop-services.js';
import type { RemoteAccessTool } from '../catalogues/remote-access.js';
import { isLoopbackHost } from './address.js';
import { makeFinding, unique } from './finding.js';
import { installedItems, serviceBaseName } from './installed-items.js';
import type { InstalledItem } from './installed-items.js';
import { sanctionedBy } from './remote-access-sanction.js';
import { processIndex, remoteAccessTool, socketOwner } from './remote-access-tools.js';

/** The remote desktop service an enabled or running service item is, if any. */
export function activeRemoteDesktopService(item: InstalledItem): RemoteDesktopService | undefined {
  if (item.kind !== 'service' || !item.active) return undefined;
  const base = serviceBaseName(item.names[0] ?? '').toLowerCase();
  return REMOTE_DESKTOP_SERVICES.find((s) => s.name.toLowerCase() === base);
}

export const isListening = (c: ConnectionFact) => c.protocol === 'tcp' && /^listen/i.test(c.state);

interface Server {
  label: string;
  tool?: RemoteAccessTool;
  listeners: { socket: ConnectionFact; owner?: ProcessFact; ownerIsTool: boolean }[];
  services: InstalledItem[];
}

export function detectRemoteAccessListening(facts: Facts, policy: Policy): Finding[] {
  const servers = new Map<string, Server>();
  const server = (label: string, tool: RemoteAccessTool | undefined): Server => {
    const key = tool?.id ?? label;
    const found = servers.get(key) ?? { label: tool?.name ?? label, tool, listeners: [], services: [] };
    servers.set(key, found);
    return found;
  };
  const processes = processIndex(facts);
  for (const socket of facts.connections.filter(isListening)) {
    const port = remoteDesktopPort(socket.localPort);
    if (!port) continue;
    const { process, tools } = socketOwner(facts, socket, processes);
    const tool = tools[0] ?? remoteAccessTool(port.toolId);
    const ownerIsTool = tools.length > 0 || process === undefined || port.toolId === undefined;
    server(port.label, tool).listeners.push({ socket, owner: process, ownerIsTool });
  }
  for (const item of installedItems(facts)) {
    const service = activeRemoteDesktopService(item);
    if (service) server(service.label, remoteAccessTool(service.toolId)).services.push(item);
  }
  return [...servers.values()].map((s) => toFinding(s, policy));
}

function toFinding({ label, tool, listeners, services }: Server, policy: Policy): Finding {
  const owners = listeners.flatMap((l) => (l.owner ? [l.owner] : []));
  const endpoints = unique(listeners.map((l) => `${l.socket.localAddress}:${l.socket.localPort}`)).sort();
  const loopbackOnly = listeners.length > 0 && listeners.every((l) => isLoopbackHost(l.socket.localAddress) && l.socket.localAddress !== '0.0.0.0' && l.socket.localAddress !== '::');
  const strayOwner = listeners.length > 0 && listeners.every((l) => !l.ownerIsTool);
  const evidence = {
    server: label,
    toolId: tool?.id,
    listening: endpoints,
    ports: unique(listeners.map((l) => String(l.socket.localPort))).sort(),
    pids: unique(owners.map((p) => String(p.pid))),
    processNames: unique(owners.map((p) => p.name)),
    paths: unique(owners.flatMap((p) => (p.path ? [p.path] : []))),
    services: unique(services.map((s) => s.label)).sort(),
    loopbackOnly,
  };
  const parts = [
    ...(endpoints.length ? [`listens on ${endpoints.slice(0, 4).join(', ')}${owners.length ? ` (${unique(owners.map((p) => `${p.name}, pid ${p.pid}`)).slice(0, 3).join('; ')})` : ''}`] : []),
    ...(services.length ? [`is enabled as service ${unique(services.map((s) => s.label)).join(', ')}`] : []),
  ];
  const sanctioned = sanctionedBy({
    tool,
    names: [label, label.split(' ')[0] as string],
    paths: [...owners.map((p) => p.path ?? ''), ...services.map((s) => s.path ?? '')],
    signers: owners.map((p) => p.signer ?? ''),
  }, policy);
  if (sanctioned) {
    return makeFinding('remote_access.sanctioned', {
      subject: label,
      summary: `${label}, a remote desktop server the policy sanctions, ${parts.join(' and ')}.`,
      evidence: { ...evidence, sanctionedBy: sanctioned },
    });
  }
  const weaker = services.length === 0 && (loopbackOnly || strayOwner);
  const note = loopbackOnly ? ' It accepts connections from this laptop only (reachable through a tunnel).'
    : strayOwner ? ` The owning process is not ${label}, so the port may be a coincidence.` : '';
  return makeFinding('remote_access.service_listening', {
    subject: label,
    summary: `${label} ${parts.join(' and ')}: the laptop accepts remote desktop connections.${weaker ? note : ''}`,
    evidence,
    ...(weaker ? { severity: 'medium' as const } : {}),
  });
}
