// What every route module receives from buildApp.
import type { Guards } from '../auth/guards.js';
import type { CorrelationService } from '../farm/service.js';
import type { GeoIp } from '../geoip/geoip.js';
import type { IngestReply, IngestRequest } from '../ingest/ingest-service.js';
import type { Store } from '../store/store.js';

export interface RouteContext {
  store: Store;
  guards: Guards;
  /** GeoIP for the addresses reports come from (the databases open on the first lookup; start warms them). */
  geoip?: GeoIp;
  /** Where POST /api/v1/reports hands reports over (server/ingest/). */
  ingest?: { submit(request: IngestRequest): Promise<IngestReply> };
  /** The co-location engine of this process (server/farm/service.ts), read by the clusters API. */
  correlation?: CorrelationService;
}
