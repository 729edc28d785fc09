// The remote-access catalogue: generated JSON (LOLRMM-derived, Apache-2.0, see LOLRMM-LICENSE)
// typed for the code that reads it.
import data from './remote-access.json' with { type: 'json' };
import type { RemoteAccessCatalogue } from './remote-access-types.js';

export type { RemoteAccessCatalogue, RemoteAccessTool, ToolOs, ToolRole } from './remote-access-types.js';

export const REMOTE_ACCESS_CATALOGUE = data as RemoteAccessCatalogue;
