// Enrolment: trade the organisation's enrol secret for this agent's id, token and org key, and
// store them as the credential.
import { hostname } from 'node:os';
import { EnrollResponse, SCHEMA_VERSION, type EnrollRequest, type Platform } from '../../shared/index.js';
import type { AgentConfig } from '../config/index.js';
import { agentError } from '../errors.js';
import type { Logger } from '../log.js';
import { AGENT_VERSION } from '../version.js';
import { loadCredential, saveCredential, type Credential } from './credential.js';
import { describeApiError, Transport } from './transport.js';

export interface EnrollOptions {
  serverUrl: string;
  secret: string;
  stateDir: string;
  config: AgentConfig;
  log: Logger;
  /** Replace an existing credential (a new agent identity). */
  force?: boolean;
  signal?: AbortSignal;
}

export async function enroll(options: EnrollOptions): Promise<{ credential: Credential; file: string }> {
  const { stateDir, config, log } = options;
  const existing = await loadCredential(stateDir).catch((error: unknown) => {
    if (options.force) return undefined; // a damaged credential is what --force replaces
    throw error;
  });
  if (existing && !options.force) {
    throw agentError('ALREADY_ENROLLED', `already enrolled with ${existing.serverUrl} as agent ${existing.agentId}; pass --force to enrol again as a new agent`);
  }

  const transport = await Transport.create({ serverUrl: options.serverUrl, config, log, signal: options.signal });
  if (transport.serverUrl.startsWith('http://') && !isLoopback(transport.serverUrl)) {
    log.warn({ serverUrl: transport.serverUrl }, 'the collector URL is not https: the enrol secret and agent token travel in clear text');
  }
  const request: EnrollRequest = {
    schemaVersion: SCHEMA_VERSION,
    enrollSecret: options.secret,
    hostname: hostname().slice(0, 255),
    platform: currentPlatform(),
    agentVersion: AGENT_VERSION,
  };
  const outcome = await transport.request('POST', '/api/v1/enroll', { data: request });
  if (outcome.kind === 'gave_up') throw agentError('COLLECTOR_UNREACHABLE', `${transport.serverUrl}: ${outcome.reason}`);
  if (outcome.kind === 'client_error') {
    const detail = describeApiError(outcome.data);
    if (outcome.status === 401) throw agentError('ENROLL_REJECTED', `the enrol secret is not valid (${detail})`);
    throw agentError('ENROLL_REJECTED', `HTTP ${outcome.status} ${detail}`);
  }
  const parsed = EnrollResponse.safeParse(outcome.data);
  if (!parsed.success) {
    throw agentError('COLLECTOR_PROTOCOL', `enrol answer does not match the schema (${parsed.error.issues.map((i) => i.path.join('.')).join(', ')})`);
  }
  const credential: Credential = {
    serverUrl: transport.serverUrl,
    agentId: parsed.data.agentId,
    agentToken: parsed.data.agentToken,
    orgKey: parsed.data.orgKey,
    enrolledAt: new Date().toISOString(),
  };
  const file = await saveCredential(stateDir, credential);
  log.info({ agentId: credential.agentId, serverUrl: credential.serverUrl }, 'enrolled');
  return { credential, file };
}

export function currentPlatform(): Platform {
  return process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
}

function isLoopback(serverUrl: string): boolean {
  const host = new URL(serverUrl).hostname;
  return host === 'localhost' || host === '[::1]' || host.startsWith('127.');
}
