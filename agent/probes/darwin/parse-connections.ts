// `netstat -anv -p tcp` -> ConnectionFact[] with the owning pid. The columns after the state move
// between macOS releases (`rhiwat shiwat pid epid` up to 12, `rxbytes txbytes rhiwat shiwat pid`
// in 13-15, `process:pid` with the process name in 26), so they are located from the header.
// Addresses are printed `192.168.1.5.52044` (port after the last dot); `*` is any.
import type { ConnectionFact } from '../../../shared/schema/facts.js';
import { clip } from '../util/text.js';

const STATES: Record<string, string> = { SYN_RECEIVED: 'SYN_RECV', FIN_WAIT_1: 'FIN_WAIT1', FIN_WAIT_2: 'FIN_WAIT2', CLOSED: 'CLOSE' };

export function splitEndpoint(value: string, ipv6: boolean): { address: string; port?: number } {
  const at = value.lastIndexOf('.');
  const host = at < 0 ? value : value.slice(0, at);
  const portText = at < 0 ? '*' : value.slice(at + 1);
  const port = /^\d+$/.test(portText) ? Number(portText) : undefined;
  const address = host === '*' ? (ipv6 ? '::' : '0.0.0.0') : host.replace(/%.*$/, '');
  return { address, port: port !== undefined && port <= 65535 ? port : undefined };
}

export function parseNetstatConnections(text: string): ConnectionFact[] {
  const facts: ConnectionFact[] = [];
  let afterState: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const fields = line.trim().split(/\s+/);
    if (fields[0] === 'Proto') {
      const state = fields.indexOf('(state)');
      afterState = state < 0 ? [] : fields.slice(state + 1);
      continue;
    }
    if (!/^tcp[46]*$/.test(fields[0] ?? '') || fields.length < 6) continue;
    const ipv6 = fields[0] === 'tcp6';
    const local = splitEndpoint(fields[3]!, ipv6);
    const remote = splitEndpoint(fields[4]!, ipv6);
    if (local.port === undefined) continue;
    const rest = fields.slice(6);
    let pid: number | undefined;
    let processName: string | undefined;
    const pidColumn = afterState.indexOf('pid');
    const processColumn = afterState.indexOf('process:pid');
    if (pidColumn >= 0 && /^\d+$/.test(rest[pidColumn] ?? '')) pid = Number(rest[pidColumn]);
    if (processColumn >= 0) {
      // The process name may contain spaces: it runs up to the first field ending in `:<pid>`.
      const end = rest.findIndex((f, i) => i >= processColumn && /:\d+$/.test(f));
      if (end >= 0) {
        const joined = rest.slice(processColumn, end + 1).join(' ');
        const at = joined.lastIndexOf(':');
        processName = joined.slice(0, at);
        pid = Number(joined.slice(at + 1));
      }
    }
    const state = STATES[fields[5]!] ?? fields[5]!;
    const listening = state === 'LISTEN';
    facts.push({
      protocol: 'tcp',
      localAddress: clip(local.address, 64),
      localPort: local.port,
      remoteAddress: listening ? undefined : clip(remote.address, 64),
      remotePort: listening ? undefined : remote.port,
      state: clip(state, 32),
      pid,
      processName: processName ? clip(processName, 255) : undefined,
    });
    if (facts.length === 50_000) break;
  }
  return facts;
}
