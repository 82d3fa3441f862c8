// Holds the catalog being served; replacing it is a single reference swap, so no request sees half of two catalogs.
import type { Catalog } from './catalog.js'
import type { FixtureProblem } from './fixture-problems.js'

/** Why the catalog served is older than the fixture directory: the newer version did not load. */
export interface StaleState {
  /** When the failed reload happened, as an ISO 8601 instant. */
  since: string
  problems: readonly FixtureProblem[]
}

export class CatalogStore {
  #current: Catalog
  /** The catalog of the fixture directory, which admin changes leave alone and a reset goes back to. */
  #baseline: Catalog
  #stale: StaleState | undefined
  #onServe: (catalog: Catalog) => void = () => {}

  constructor (initial: Catalog) {
    this.#current = initial
    this.#baseline = initial
  }

  get current (): Catalog {
    return this.#current
  }

  get stale (): StaleState | undefined {
    return this.#stale
  }

  /** Called with every catalog about to be served (now, and at each swap), to prepare what requests will read from it. */
  onServe (prepare: (catalog: Catalog) => void): void {
    this.#onServe = prepare
    prepare(this.#current)
  }

  /** A catalog edited at run time (admin API, in-process tests); the fixtures' catalog stays the baseline. */
  replace (next: Catalog): void {
    this.#serve(next)
  }

  /** A new version of the fixture directory: served, and the new baseline. */
  reload (next: Catalog): void {
    this.#serve(next)
    this.#baseline = next
    this.#stale = undefined
  }

  /** Back to the fixtures' catalog. */
  restoreBaseline (): void {
    this.#serve(this.#baseline)
  }

  #serve (next: Catalog): void {
    this.#onServe(next)
    this.#current = next
  }

  /** The fixture directory changed but does not load: keep serving the last good catalog and say why. */
  markStale (problems: readonly FixtureProblem[], now = new Date()): void {
    this.#stale = { since: now.toISOString(), problems }
  }
}
