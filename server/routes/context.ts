// What every route module receives from buildApp.
import type { Guards } from '../auth/guards.js';
import type { CorrelationService } from '../farm/service.js';
import type { ReportEnricher } from '../location/enrich-report.js';
import type { Store } from '../store/store.js';

export interface RouteContext {
  store: Store;
  guards: Guards;
  /** GeoIP, egress and location findings for reports at ingest (server/location/enrich-report.ts). */
  enricher?: ReportEnricher;
  /** The co-location engine of this process (server/farm/service.ts): read by the clusters API, nudged by new reports. */
  correlation?: CorrelationService;
}
