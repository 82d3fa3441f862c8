// Holds the catalog being served; replacing it is a single reference swap, so no request sees half of two catalogs.
import type { Catalog } from './catalog.js'

export class CatalogStore {
  #current: Catalog

  constructor (initial: Catalog) {
    this.#current = initial
  }

  get current (): Catalog {
    return this.#current
  }

  replace (next: Catalog): void {
    this.#current = next
  }
}
