// Get-NetTCPConnection -> ConnectionFact[], states spelled as on Linux (ESTABLISHED, LISTEN...),
// process names joined from the processes section when it is there.
import type { ConnectionFact } from '../../../shared/schema/facts.js';
import { clip } from '../util/text.js';
import { int, optionalSection, records, section, str, type Win32Document } from './document.js';

const STATES: Record<string, string> = {
  Established: 'ESTABLISHED', Listen: 'LISTEN', TimeWait: 'TIME_WAIT', CloseWait: 'CLOSE_WAIT', SynSent: 'SYN_SENT',
  SynReceived: 'SYN_RECV', FinWait1: 'FIN_WAIT1', FinWait2: 'FIN_WAIT2', LastAck: 'LAST_ACK', Closing: 'CLOSING',
  Closed: 'CLOSE', Bound: 'BOUND', DeleteTCB: 'DELETE_TCB',
};
const MAX_CONNECTIONS = 50_000;
const port = (value: number | undefined): number | undefined => (value !== undefined && value >= 0 && value <= 65535 ? value : undefined);

export function parseWin32Connections(document: Win32Document, warn?: (message: string) => void): ConnectionFact[] {
  const names = new Map<number, string>();
  for (const p of records(optionalSection(document, 'processes', warn))) {
    const pid = int(p.pid);
    const name = str(p.name);
    if (pid !== undefined && name !== undefined) names.set(pid, name);
  }
  const connections: ConnectionFact[] = [];
  for (const c of records(section(document, 'tcp'))) {
    const localAddress = str(c.localAddress);
    const localPort = port(int(c.localPort));
    if (localAddress === undefined || localPort === undefined) continue;
    const state = str(c.state) ?? 'UNKNOWN';
    const pid = int(c.pid);
    const remoteAddress = str(c.remoteAddress);
    const listening = state === 'Listen' || state === 'Bound';
    connections.push({
      protocol: 'tcp',
      localAddress: clip(localAddress, 64),
      localPort,
      remoteAddress: listening || remoteAddress === undefined ? undefined : clip(remoteAddress, 64),
      remotePort: listening ? undefined : port(int(c.remotePort)),
      state: clip(STATES[state] ?? state.toUpperCase(), 32),
      pid: pid !== undefined && pid >= 0 ? pid : undefined,
      processName: pid === undefined ? undefined : names.has(pid) ? clip(names.get(pid)!, 255) : undefined,
    });
    if (connections.length === MAX_CONNECTIONS) break;
  }
  return connections;
}
