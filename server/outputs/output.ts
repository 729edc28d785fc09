// An Output turns an AlertEvent into its destination's format and sends it. deliver() never
// throws: it answers whether the receiver took the event, with the HTTP status or the error.
import type { FormatContext, HttpRequest } from './format/context.js';
import { slackRequest } from './format/slack.js';
import { hecFailure, hecRequest } from './format/splunk-hec.js';
import { alertSyslogMessage, octetCounted } from './format/syslog.js';
import { teamsRequest } from './format/teams.js';
import { webhookRequest } from './format/webhook.js';
import { HttpSender } from './send/http.js';
import type { StreamSender } from './send/stream-sender.js';
import { UdpSyslogSender } from './send/syslog-udp.js';
import { tcpSyslogSender } from './send/syslog-tcp.js';
import { tlsSyslogSender } from './send/syslog-tls.js';
import type { AlertEvent, OutputConfig, SyslogOutput } from './types.js';

export interface DeliveryResult {
  ok: boolean;
  /** HTTP status, for HTTP outputs that got an answer. */
  status?: number;
  /** Why the delivery failed. */
  error?: string;
}

export interface Output {
  readonly config: OutputConfig;
  deliver(event: AlertEvent): Promise<DeliveryResult>;
  /** Drops connections; the output is not used afterwards. */
  close(): void;
}

const MAX_ERROR_BODY = 300;

function httpOutput(config: OutputConfig, build: (event: AlertEvent, now: Date) => HttpRequest,
  judge: (status: number, body: string) => string | null, sender: HttpSender, now: () => Date): Output {
  return {
    config,
    async deliver(event) {
      try {
        const answer = await sender.post(build(event, now()));
        const failure = judge(answer.status, answer.body);
        return failure ? { ok: false, status: answer.status, error: failure } : { ok: true, status: answer.status };
      } catch (error) {
        return { ok: false, error: (error as Error).message };
      }
    },
    close: () => sender.close(),
  };
}

/** Any 2xx is a delivery; otherwise the status and the start of the answer explain why not. */
function judge2xx(status: number, body: string): string | null {
  if (status >= 200 && status < 300) return null;
  const excerpt = body.trim().slice(0, MAX_ERROR_BODY);
  return `HTTP ${status}${excerpt ? `: ${excerpt}` : ''}`;
}

function syslogOutput(config: SyslogOutput, context: FormatContext): Output {
  const stream: StreamSender | null = config.transport === 'tcp' ? tcpSyslogSender(config.host, config.port)
    : config.transport === 'tls' ? tlsSyslogSender(config.host, config.port, { ca: config.ca, rejectUnauthorized: config.rejectUnauthorized })
    : null;
  const udp = config.transport === 'udp' ? new UdpSyslogSender(config.host, config.port) : null;
  return {
    config,
    async deliver(event) {
      const message = alertSyslogMessage(event, config, context);
      try {
        if (stream) await stream.send(octetCounted(message), config.timeoutMs);
        else await udp!.send(Buffer.from(message, 'utf8'), config.timeoutMs);
        return { ok: true };
      } catch (error) {
        return { ok: false, error: (error as Error).message || String(error) };
      }
    },
    close() {
      stream?.close();
      udp?.close();
    },
  };
}

export function createOutput(config: OutputConfig, context: FormatContext, now: () => Date = () => new Date()): Output {
  const timeoutMs = config.timeoutMs;
  switch (config.type) {
    case 'webhook':
      return httpOutput(config, (event, at) => webhookRequest(config, event, at), judge2xx, new HttpSender({ timeoutMs, ca: config.ca }), now);
    case 'slack':
      return httpOutput(config, (event) => slackRequest(config, event), judge2xx, new HttpSender({ timeoutMs }), now);
    case 'teams':
      return httpOutput(config, (event) => teamsRequest(config, event), judge2xx, new HttpSender({ timeoutMs }), now);
    case 'splunk_hec':
      return httpOutput(config, (event) => hecRequest(config, event, context), hecFailure,
        new HttpSender({ timeoutMs, ca: config.ca, rejectUnauthorized: config.rejectUnauthorized }), now);
    case 'syslog':
      return syslogOutput(config, context);
  }
}
