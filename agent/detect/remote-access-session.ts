// Remote-access sessions in progress: established TCP connections to a peer beyond this laptop
// that either arrive on a remote desktop port or a port the laptop listens on (inbound: someone is
// connected in, `critical`), or belong to a remote-control tool (outbound). Outbound connections
// stay `high`: tools such as AnyDesk and TeamViewer keep one to their relays while idle, and the
// sockets alone cannot tell that from a relayed session. One finding per tool or server, with the
// peers' addresses and ports.
import type { ConnectionFact, Facts, Finding, Policy, ProcessFact } from '../../shared/index.js';
import { remoteDesktopPort } from '../catalogues/remote-desktop-services.js';
import type { RemoteAccessTool } from '../catalogues/remote-access.js';
import { isLoopbackHost } from './address.js';
import { makeFinding, unique } from './finding.js';
import { isListening } from './remote-access-listening.js';
import { sanctionedBy } from './remote-access-sanction.js';
import { processIndex, remoteAccessTool, socketOwner } from './remote-access-tools.js';

interface Session {
  label: string;
  tool?: RemoteAccessTool;
  connections: { socket: ConnectionFact; owner?: ProcessFact; inbound: boolean }[];
}

const isEstablished = (c: ConnectionFact) => c.protocol === 'tcp' && /^established$/i.test(c.state) && c.remoteAddress !== undefined && !isLoopbackHost(c.remoteAddress);

export function detectRemoteAccessSession(facts: Facts, policy: Policy): Finding[] {
  const listeningPorts = new Set(facts.connections.filter(isListening).map((c) => c.localPort));
  const processes = processIndex(facts);
  const sessions = new Map<string, Session>();
  for (const socket of facts.connections.filter(isEstablished)) {
    const { process, tools } = socketOwner(facts, socket, processes);
    const port = remoteDesktopPort(socket.localPort);
    const controlTool = tools.find((t) => t.role === 'remote_control');
    const inbound = port !== undefined || (controlTool !== undefined && listeningPorts.has(socket.localPort));
    if (!controlTool && !port) continue;
    const tool = controlTool ?? remoteAccessTool(port?.toolId);
    const label = tool?.name ?? (port?.label as string);
    const session = sessions.get(label) ?? { label, tool, connections: [] };
    session.connections.push({ socket, owner: process, inbound });
    sessions.set(label, session);
  }
  return [...sessions.values()].map((s) => toFinding(s, policy));
}

function toFinding({ label, tool, connections }: Session, policy: Policy): Finding {
  const owners = connections.flatMap((c) => (c.owner ? [c.owner] : []));
  const inbound = connections.some((c) => c.inbound);
  const peer = (c: ConnectionFact) => `${c.remoteAddress?.includes(':') ? `[${c.remoteAddress}]` : c.remoteAddress}:${c.remotePort ?? '?'}`;
  const peers = unique(connections.map((c) => peer(c.socket))).sort();
  const evidence = {
    tool: label,
    toolId: tool?.id,
    direction: inbound ? 'inbound' : 'outbound',
    peers,
    inboundPeers: unique(connections.filter((c) => c.inbound).map((c) => peer(c.socket))).sort(),
    localPorts: unique(connections.map((c) => String(c.socket.localPort))).sort(),
    pids: unique(owners.map((p) => String(p.pid))),
    processNames: unique(owners.map((p) => p.name)),
    paths: unique(owners.flatMap((p) => (p.path ? [p.path] : []))),
  };
  const list = `${peers.slice(0, 4).join(', ')}${peers.length > 4 ? ', …' : ''}`;
  const sanctioned = sanctionedBy({
    tool,
    names: [label],
    paths: owners.map((p) => p.path ?? ''),
    signers: owners.map((p) => p.signer ?? ''),
  }, policy);
  if (sanctioned) {
    return makeFinding('remote_access.sanctioned', {
      subject: label,
      summary: `${label}, a remote-access tool the policy sanctions, holds connections with ${list}.`,
      evidence: { ...evidence, sanctionedBy: sanctioned },
    });
  }
  return makeFinding('remote_access.session_active', {
    subject: label,
    summary: inbound
      ? `${label} has an inbound session: ${list} is connected to this laptop.`
      : `${label} holds connections with ${list}: a remote session or the tool's idle link to its relay (sockets alone cannot tell them apart).`,
    evidence,
    ...(inbound ? {} : { severity: 'high' as const }),
  });
}
