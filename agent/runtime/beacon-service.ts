// The service's beacon responder (agent/probes/net/beacon-responder.ts), kept in step with the
// policy: started when the agent is enrolled and the policy enables the beacon, restarted when
// the port or the interface list changes, stopped with the service. A responder that cannot start
// is logged, not fatal.
import type { Policy } from '../../shared/index.js';
import type { Logger } from '../log.js';
import { startBeaconResponder, type BeaconResponder } from '../probes/net/beacon-responder.js';
import type { Credential } from './credential.js';

export class BeaconService {
  readonly #log: Logger;
  #responder: BeaconResponder | undefined;
  /** The interface list the running responder was started with. */
  #interfaces = '';

  constructor(log: Logger) {
    this.#log = log;
  }

  get running(): BeaconResponder | undefined {
    return this.#responder;
  }

  async update(policy: Policy, credential: Pick<Credential, 'agentId' | 'orgKey'>): Promise<void> {
    const wanted = policy.beacon.enabled ? policy.beacon.port : undefined;
    const interfaces = policy.beacon.interfaces;
    const current = this.#responder;
    if (current && current.port === wanted && current.agentId === credential.agentId && this.#interfaces === interfaces.join(',')) return;
    await this.close();
    if (wanted === undefined) return;
    try {
      this.#responder = await startBeaconResponder({
        agentId: credential.agentId,
        orgKey: credential.orgKey,
        port: wanted,
        interfaces,
        warn: (message) => this.#log.debug(message),
      });
      this.#interfaces = interfaces.join(',');
      this.#log.debug({ port: wanted }, 'LAN beacon responder listening');
    } catch (error) {
      this.#log.warn({ err: error, port: wanted }, 'cannot listen for LAN beacons between scans');
    }
  }

  async close(): Promise<void> {
    const responder = this.#responder;
    this.#responder = undefined;
    await responder?.close();
  }
}
