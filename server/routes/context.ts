// What every route module receives from buildApp.
import type { Guards } from '../auth/guards.js';
import type { Store } from '../store/store.js';

export interface RouteContext {
  store: Store;
  guards: Guards;
}
