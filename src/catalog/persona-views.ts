// The bodies each caller is served: the catalog's shared ones, or for a key with discounts its own, built once per catalog.
import type { Persona } from '../controls/personas.js'
import { Representation } from '../http/representation.js'
import { LIST_FILTERS, type ListFilter } from '../schemas/model-types.js'
import type { ModelResponseBody } from '../schemas/model-response.js'
import { compressAll, matchesFilter, type Catalog } from './catalog.js'

export interface CatalogView {
  readonly lists: ReadonlyMap<ListFilter, Representation>
  readonly models: ReadonlyMap<string, Representation>
}

/**
 * The model with `discount_to_user` at its top level, next to `created` as the reference's ModelResponse orders them
 * (at the end when the model has no `created`).
 */
export function withDiscount (model: ModelResponseBody, discount: number): ModelResponseBody {
  if (!('created' in model)) return { ...model, discount_to_user: discount }
  const copy: Record<string, unknown> = {}
  for (const [field, value] of Object.entries(model)) {
    if (field === 'discount_to_user') continue
    copy[field] = value
    if (field === 'created') copy.discount_to_user = discount
  }
  return copy as ModelResponseBody
}

/** The ids a persona has a discount for that the catalog does not have. */
export function missingDiscounts (catalog: Catalog, persona: Persona): string[] {
  return [...persona.discounts?.keys() ?? []].filter(id => !catalog.modelBodies.has(id))
}

/** Every discount of every persona that names no model of the catalog, as messages that say how to fix it. */
export function discountProblems (catalog: Catalog, personas: Iterable<Persona>): string[] {
  return [...personas].flatMap(persona => missingDiscounts(catalog, persona).map(id =>
    `${String(persona.entry)}: discounts["${id}"] names no model of the served catalog; use an id that GET /api/v1/models?type=all lists, or remove it`))
}

/**
 * Every discount on a beta-only model for an active key without beta access: valid, but that key never sees the
 * model. (An inactive or disabled key sees no model at all: beta would not help it.)
 */
export function unseenDiscounts (catalog: Catalog, personas: Iterable<Persona>): string[] {
  return [...personas].flatMap(persona => persona.beta || persona.status !== 'active'
    ? []
    : [...persona.discounts?.keys() ?? []].filter(id => catalog.modelBodies.has(id) && !catalog.publicModelBodies.has(id)).map(id =>
        `${String(persona.entry)}: discounts["${id}"] is never shown: the model is beta-only and the key has no beta access; add "beta": true to the key, or remove the discount`))
}

/** The catalog's own bodies for a persona: with the beta-only models or without. */
function sharedView (catalog: Catalog, persona: Persona): CatalogView {
  return persona.beta ? { lists: catalog.listBodies, models: catalog.modelBodies } : { lists: catalog.publicListBodies, models: catalog.publicModelBodies }
}

/**
 * Hands out the bodies for a caller. Keys without discounts get the catalog's shared bodies; a key with discounts gets
 * lists and models of its own where a discounted model appears (others are shared), built once per catalog (when the
 * store swaps it in) and kept as long as that catalog is, so no request serializes anything.
 */
export class PersonaViews {
  readonly #views = new WeakMap<Catalog, WeakMap<Persona, CatalogView>>()

  /** `warn`: told once per catalog and key when a reload or an edit has removed a model the key had a discount on. */
  constructor (private readonly warn: (message: string) => void) {}

  lists (catalog: Catalog, persona: Persona): ReadonlyMap<ListFilter, Representation> {
    return persona.discounts === undefined ? sharedView(catalog, persona).lists : this.#view(catalog, persona).lists
  }

  models (catalog: Catalog, persona: Persona): ReadonlyMap<string, Representation> {
    return persona.discounts === undefined ? sharedView(catalog, persona).models : this.#view(catalog, persona).models
  }

  #view (catalog: Catalog, persona: Persona): CatalogView {
    let byPersona = this.#views.get(catalog)
    if (byPersona === undefined) this.#views.set(catalog, byPersona = new WeakMap())
    let view = byPersona.get(persona)
    if (view === undefined) byPersona.set(persona, view = this.#build(catalog, persona as Persona & { discounts: ReadonlyMap<string, number> }))
    return view
  }

  #build (catalog: Catalog, persona: Persona & { discounts: ReadonlyMap<string, number> }): CatalogView {
    const missing = missingDiscounts(catalog, persona)
    if (missing.length > 0) {
      this.warn(`${String(persona.entry)}: no discount_to_user for ${missing.map(id => JSON.stringify(id)).join(', ')}: the catalog served now has no such model (reloaded or edited); the key's other discounts still apply`)
    }
    const visible = catalog.content.models.filter(model => persona.beta || model.model_spec.beta !== true)
    const discounted = new Map<string, ModelResponseBody>()
    for (const model of visible) {
      const discount = persona.discounts.get(model.id)
      if (discount !== undefined) discounted.set(model.id, withDiscount(model, discount))
    }
    const own: Representation[] = []
    const body = (value: unknown): Representation => {
      const representation = Representation.ofJson(value)
      own.push(representation)
      return representation
    }
    const shared = sharedView(catalog, persona)
    const lists = new Map(LIST_FILTERS.map(filter => [filter,
      visible.some(model => discounted.has(model.id) && matchesFilter(model, filter))
        ? body({ object: 'list', type: filter, data: visible.filter(model => matchesFilter(model, filter)).map(model => discounted.get(model.id) ?? model) })
        : shared.lists.get(filter) as Representation]))
    const models = new Map(shared.models)
    for (const [id, model] of discounted) models.set(id, body(model))
    // Encoded off the request path, a few at a time as the catalog's own; until then these go out unencoded.
    compressAll(own).catch(
      /* c8 ignore next: zlib does not fail on a Buffer in memory */
      () => undefined)
    return { lists, models }
  }
}
