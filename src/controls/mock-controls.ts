// The tester's handles on a running emulator (settings, journal, queue of next responses) and the one reset of them all.
import type { CatalogStore } from '../catalog/catalog-store.js'
import type { Journal } from './journal.js'
import { NextResponses } from './next-responses.js'
import { AbuseGuard, RateLimiter } from './rate-limiter.js'
import type { RuntimeSettings } from './runtime-settings.js'

/** What in-process users and the admin API reach: the run-time settings, the journal and a reset. */
export interface MockControls {
  settings: RuntimeSettings
  journal: Journal | undefined
  /** Responses queued for the next matching API requests. */
  next: NextResponses
  /** Back to the fixtures: catalog, settings, rate-limit windows and abuse counts; the journal and the queue are emptied. */
  reset: () => void
}

/** The controls, with the counters the request pipeline keeps and the reset clears. */
export interface ControlState extends MockControls {
  limiter: RateLimiter
  abuse: AbuseGuard
}

export function createControls (store: CatalogStore, settings: RuntimeSettings, journal: Journal | undefined): ControlState {
  const limiter = new RateLimiter()
  const abuse = new AbuseGuard()
  const next = new NextResponses()
  return {
    settings,
    journal,
    next,
    limiter,
    abuse,
    reset: () => {
      store.restoreBaseline()
      settings.reset()
      limiter.clear()
      abuse.clear()
      journal?.clear()
      next.clear()
    }
  }
}
