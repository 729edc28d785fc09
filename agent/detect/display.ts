// Display helpers shared by the EDID and posture checks.
import type { DisplayFact } from '../../shared/index.js';

const INTERNAL_CONNECTOR = /(^|[-_ ])(eDP|LVDS|DSI)([-_ ]|\d|$)/i;

/** A built-in panel: the probe says so, or the connector is eDP, LVDS or DSI. */
export const isInternalDisplay = (d: DisplayFact) => d.internal ?? INTERNAL_CONNECTOR.test(d.connector);

export const isConnectedExternal = (d: DisplayFact) => d.connected && !isInternalDisplay(d);
