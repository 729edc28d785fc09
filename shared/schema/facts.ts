// Facts: what the agent's probes collected on one laptop. They stay on the laptop: detection
// runs over them locally and only findings plus the hashed network summary are sent.
// Recorded facts files (`scan --facts FILE`) must validate against this schema.
import { z } from 'zod';
import { Platform, SchemaVersion, Timestamp, text } from './common.js';

const Hex4 = z.string().regex(/^[0-9a-f]{4}$/, 'expected 4 lowercase hex digits');
const Mac = z.string().regex(/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/, 'expected a lowercase colon-separated MAC');

export const HostFacts = z.object({
  hostname: text(255),
  osRelease: text(255),
  arch: text(32),
  serial: text(128).optional(),
  hardwareUuid: text(128).optional(),
  manufacturer: text(255).optional(),
  model: text(255).optional(),
  timezone: text(64).optional(),
  locale: text(64).optional(),
  uptimeSec: z.number().nonnegative().optional(),
  /** Keyboard layouts and input methods (Windows KLIDs like `00000412`, macOS input source ids, XKB layouts). */
  keyboardLayouts: z.array(text(128)).max(64).optional(),
});

export const ProcessFact = z.object({
  pid: z.number().int().nonnegative(),
  ppid: z.number().int().nonnegative().optional(),
  name: text(255),
  path: text(1024).optional(),
  user: text(255).optional(),
  /** Code-signing identity where the OS exposes it cheaply (Authenticode subject, macOS team id). */
  signer: text(255).optional(),
});

export const INTERFACE_KINDS = ['ethernet', 'wifi', 'loopback', 'tunnel', 'virtual', 'other'] as const;
export const InterfaceFact = z.object({
  name: text(255),
  kind: z.enum(INTERFACE_KINDS),
  up: z.boolean(),
  mac: Mac.optional(),
  ipv4: z.array(text(64)).max(64),
  ipv6: z.array(text(64)).max(64),
  /** Kernel driver or adapter description (`tun`, `wireguard`, `TAP-Windows Adapter V9`). */
  driver: text(255).optional(),
  /** DHCP server that leased the address, where the OS records it. */
  dhcpServer: text(64).optional(),
});

export const RouteFact = z.object({
  /** CIDR, `0.0.0.0/0` or `::/0` for a default route. */
  destination: text(64),
  gateway: text(64).optional(),
  interface: text(255),
  metric: z.number().int().optional(),
});

export const NeighbourFact = z.object({
  ip: text(64),
  mac: Mac,
  interface: text(255),
  state: text(32).optional(),
  /** Name the neighbour announces (mDNS) or resolves to, when known. */
  hostname: text(255).optional(),
});

export const ConnectionFact = z.object({
  protocol: z.enum(['tcp', 'udp']),
  localAddress: text(64),
  localPort: z.number().int().min(0).max(65535),
  remoteAddress: text(64).optional(),
  remotePort: z.number().int().min(0).max(65535).optional(),
  state: text(32),
  pid: z.number().int().nonnegative().optional(),
  processName: text(255).optional(),
});

export const UsbInterfaceFact = z.object({
  /** bInterfaceClass / SubClass / Protocol as two lowercase hex digits each. */
  class: z.string().regex(/^[0-9a-f]{2}$/),
  subclass: z.string().regex(/^[0-9a-f]{2}$/),
  protocol: z.string().regex(/^[0-9a-f]{2}$/),
  driver: text(128).optional(),
});

export const UsbDeviceFact = z.object({
  /** Where the OS places it (`1-1.2` on Linux, a PnP instance id on Windows). */
  location: text(512).optional(),
  vendorId: Hex4,
  productId: Hex4,
  /** The device's own descriptor strings, never a vendor database lookup. */
  manufacturer: text(255).optional(),
  product: text(255).optional(),
  serial: text(255).optional(),
  bcdDevice: Hex4.optional(),
  deviceClass: z.string().regex(/^[0-9a-f]{2}$/).optional(),
  interfaces: z.array(UsbInterfaceFact).max(64),
  /** True for entries from the OS's history of previously attached devices. */
  historical: z.boolean().optional(),
});

export const DisplayFact = z.object({
  connector: text(255),
  connected: z.boolean(),
  /** Built-in panel (eDP, LVDS, DSI) rather than an external output. */
  internal: z.boolean().optional(),
  /** Raw EDID, lowercase hex (128 bytes per block). */
  edidHex: z.string().regex(/^([0-9a-f]{2})*$/).max(4096).optional(),
});

export const HidDeviceFact = z.object({
  /** USB location of the parent device (joins with usbDevices[].location). */
  usbLocation: text(512).optional(),
  vendorId: Hex4.optional(),
  productId: Hex4.optional(),
  name: text(255).optional(),
  /** Raw HID report descriptor, lowercase hex, where the OS exposes it (Linux sysfs, macOS ioreg). */
  reportDescriptorHex: z.string().regex(/^([0-9a-f]{2})*$/).max(16_384).optional(),
  /** Top-level usages (page, usage) where the descriptor itself is not readable (Windows). */
  usages: z.array(z.object({ page: z.number().int().min(0).max(0xffff), usage: z.number().int().min(0).max(0xffff) })).max(32).optional(),
});

export const StorageDeviceFact = z.object({
  usbLocation: text(512).optional(),
  /** SCSI inquiry strings (vendor 8 chars, model 16 chars, revision 4 chars), trimmed. */
  vendor: text(64).optional(),
  model: text(128).optional(),
  revision: text(32).optional(),
  kind: z.enum(['cdrom', 'disk', 'other']),
  removable: z.boolean().optional(),
  /** True for entries from the OS's history of previously attached devices (Windows Enum\USBSTOR). */
  historical: z.boolean().optional(),
});

export const InstalledAppFact = z.object({
  name: text(255),
  version: text(128).optional(),
  publisher: text(255).optional(),
  path: text(1024).optional(),
  signer: text(255).optional(),
  /** Where it was found: `uninstall-registry`, `applications`, `dpkg`, `desktop-entry`, `opt`... */
  source: text(64),
});

export const ServiceFact = z.object({
  name: text(255),
  displayName: text(255).optional(),
  state: z.enum(['running', 'stopped', 'other']),
  startType: z.enum(['auto', 'manual', 'disabled', 'other']).optional(),
  path: text(1024).optional(),
});

export const ProxyFact = z.object({
  /** Where the setting lives: `env`, `gsettings`, `winhttp`, `wininet`, `scutil`... */
  source: text(64),
  kind: z.enum(['http', 'https', 'socks', 'pac', 'auto']),
  /** host:port, or the PAC URL. */
  server: text(1024),
});

export const WifiFact = z.object({
  interface: text(255),
  ssid: text(255).optional(),
  bssid: Mac.optional(),
  /** Why SSID/BSSID are missing (e.g. location permission not granted). */
  unavailableReason: text(255).optional(),
});

export const RttFact = z.object({
  /** `collector` or a policy anchor id. */
  target: text(128),
  host: text(255),
  port: z.number().int().min(1).max(65535),
  /** TCP connect times of the successful samples, in ms. */
  samplesMs: z.array(z.number().nonnegative()).max(32),
  failures: z.number().int().nonnegative(),
});

export const PowerFact = z.object({
  onAc: z.boolean().optional(),
  batteryPresent: z.boolean().optional(),
  lidClosed: z.boolean().optional(),
  sleepDisabled: z.boolean().optional(),
});

export const LanPeerFact = z.object({
  /** Agent id carried in a beacon whose signature verified with the organisation key. */
  agentId: z.uuid(),
  heardAt: Timestamp,
  interface: text(255),
});

export const ProbeHealth = z.object({
  probe: text(64),
  ok: z.boolean(),
  durationMs: z.number().nonnegative(),
  timedOut: z.boolean().optional(),
  /** The agent does not collect this part on this platform (yet): absent, not failed. */
  unsupported: z.boolean().optional(),
  error: text(1024).optional(),
});
export type ProbeHealth = z.infer<typeof ProbeHealth>;

export const Facts = z.object({
  schemaVersion: SchemaVersion,
  collectedAt: Timestamp,
  platform: Platform,
  host: HostFacts,
  processes: z.array(ProcessFact).max(20_000),
  interfaces: z.array(InterfaceFact).max(512),
  routes: z.array(RouteFact).max(10_000),
  neighbours: z.array(NeighbourFact).max(10_000),
  connections: z.array(ConnectionFact).max(50_000),
  usbDevices: z.array(UsbDeviceFact).max(1_024),
  displays: z.array(DisplayFact).max(64),
  // Sections added after the first release default to empty so older recorded facts still load.
  hidDevices: z.array(HidDeviceFact).max(256).default([]),
  storageDevices: z.array(StorageDeviceFact).max(256).default([]),
  installedApps: z.array(InstalledAppFact).max(10_000).default([]),
  services: z.array(ServiceFact).max(5_000).default([]),
  proxies: z.array(ProxyFact).max(32).default([]),
  dnsServers: z.array(text(64)).max(32).default([]),
  wifi: z.array(WifiFact).max(8).default([]),
  rtt: z.array(RttFact).max(32).default([]),
  power: PowerFact.default({}),
  lanPeers: z.array(LanPeerFact).max(1_024).default([]),
  probes: z.array(ProbeHealth).max(64),
});

export type HostFacts = z.infer<typeof HostFacts>;
export type ProcessFact = z.infer<typeof ProcessFact>;
export type InterfaceFact = z.infer<typeof InterfaceFact>;
export type RouteFact = z.infer<typeof RouteFact>;
export type NeighbourFact = z.infer<typeof NeighbourFact>;
export type ConnectionFact = z.infer<typeof ConnectionFact>;
export type UsbDeviceFact = z.infer<typeof UsbDeviceFact>;
export type UsbInterfaceFact = z.infer<typeof UsbInterfaceFact>;
export type DisplayFact = z.infer<typeof DisplayFact>;
export type HidDeviceFact = z.infer<typeof HidDeviceFact>;
export type StorageDeviceFact = z.infer<typeof StorageDeviceFact>;
export type InstalledAppFact = z.infer<typeof InstalledAppFact>;
export type ServiceFact = z.infer<typeof ServiceFact>;
export type ProxyFact = z.infer<typeof ProxyFact>;
export type WifiFact = z.infer<typeof WifiFact>;
export type RttFact = z.infer<typeof RttFact>;
export type PowerFact = z.infer<typeof PowerFact>;
export type LanPeerFact = z.infer<typeof LanPeerFact>;
export type Facts = z.infer<typeof Facts>;
/** Facts as written in a recorded file (newer sections may be absent). */
export type FactsInput = z.input<typeof Facts>;
