// Report: what one scan sends to the collector. Every field is documented in README "Data the
// agent sends"; network identifiers arrive only as keyed hashes.
import { z } from 'zod';
import { Platform, SchemaVersion, Timestamp, Uuid, KeyedHash, text } from './common.js';
import { Finding } from './finding.js';
import { HostFacts, ProbeHealth } from './facts.js';

/** The laptop's identity and context: the host facts plus the platform. */
export const ReportHost = HostFacts.extend({ platform: Platform });

/** Co-location facts. MACs only as keyed hashes; private addresses are kept as they are. */
export const ReportNetwork = z.object({
  defaultInterface: text(255).optional(),
  defaultInterfaceKind: text(32).optional(),
  gatewayIp: text(64).optional(),
  gatewayMacHash: KeyedHash.optional(),
  /** Local IPv6 /64 prefixes with global scope (e.g. `2001:db8:1:2::/64`). */
  ipv6Prefixes: z.array(text(64)).max(32),
  neighbourMacHashes: z.array(KeyedHash).max(1024),
  /** Count of neighbours per OUI (first three octets, not hashed: vendors are not personal). */
  neighbourOuiCounts: z.record(z.string().regex(/^[0-9a-f]{2}:[0-9a-f]{2}:[0-9a-f]{2}$/), z.number().int().nonnegative()),
  wifiSsidHash: KeyedHash.optional(),
  wifiBssidHash: KeyedHash.optional(),
  dhcpServer: text(64).optional(),
  dnsServers: z.array(text(64)).max(32).default([]),
});

/** Minimum TCP-connect RTT per target; the collector judges it against the claimed location. */
export const ReportRtt = z.object({
  target: text(128),
  host: text(255),
  port: z.number().int().min(1).max(65535),
  minMs: z.number().nonnegative().optional(),
  samples: z.number().int().nonnegative(),
  failures: z.number().int().nonnegative(),
});

/** Another enrolled agent whose signed LAN beacon this agent heard. */
export const ReportLanPeer = z.object({
  agentId: Uuid,
  heardAt: Timestamp,
});

export const Report = z.object({
  schemaVersion: SchemaVersion,
  /** Unique per scan; the collector stores a report id once, so redelivery is harmless. */
  reportId: Uuid,
  agentId: Uuid,
  agentVersion: text(32),
  scan: z.object({
    startedAt: Timestamp,
    finishedAt: Timestamp,
    durationMs: z.number().nonnegative(),
  }),
  host: ReportHost,
  network: ReportNetwork,
  findings: z.array(Finding).max(1_000),
  probes: z.array(ProbeHealth).max(64),
  rtt: z.array(ReportRtt).max(32).default([]),
  lanPeers: z.array(ReportLanPeer).max(1_024).default([]),
  /** Reports the agent's spool dropped (oldest first) since the last delivered report. */
  spoolEvicted: z.number().int().nonnegative(),
});

export const ReportAccepted = z.object({
  schemaVersion: SchemaVersion,
  reportId: Uuid,
  duplicate: z.boolean(),
});

export type ReportHost = z.infer<typeof ReportHost>;
export type ReportNetwork = z.infer<typeof ReportNetwork>;
export type Report = z.infer<typeof Report>;
export type ReportAccepted = z.infer<typeof ReportAccepted>;
export type ReportRtt = z.infer<typeof ReportRtt>;
export type ReportLanPeer = z.infer<typeof ReportLanPeer>;
