// Shape of agent/catalogues/remote-access.json (written by scripts/gen-remote-access-catalogue.ts).
import type { Severity } from '../../shared/index.js';

export const TOOL_OSES = ['windows', 'macos', 'linux'] as const;
export type ToolOs = (typeof TOOL_OSES)[number];

/** `remote_control`: someone can drive this laptop through it. `client`: outbound client or file sync. */
export type ToolRole = 'remote_control' | 'client';

export interface RemoteAccessTool {
  /** Stable slug; policies and analysts refer to it. */
  id: string;
  name: string;
  /** Other names the tool goes by (merged LOLRMM entries, former names). */
  aliases: string[];
  category: 'RMM' | 'RAT';
  role: ToolRole;
  /** Severity of a running-process finding for this tool. */
  severity: Severity;
  os: ToolOs[];
  /** Process or bundle names, matched case-insensitively with and without `.exe`; may hold `*`/`?` globs. */
  processes: string[];
  /** Directories or files as written by the source: Windows (`C:\...`, `*\...`) or POSIX; `*` globs allowed. */
  installPaths: string[];
  registryKeys: string[];
  /** Host names; a leading `*.` or an inner `*` is a wildcard. */
  domains: string[];
  ips: string[];
  ports: number[];
  namedPipes: string[];
  /** LOLRMM file names this entry was built from; `farmwatch` for curated additions. */
  sources: string[];
}

export interface RemoteAccessCatalogue {
  generatedBy: string;
  source: {
    name: string;
    url: string;
    commit: string;
    license: string;
    licenseFile: string;
    attribution: string;
    entriesRead: number;
  };
  tools: RemoteAccessTool[];
}
