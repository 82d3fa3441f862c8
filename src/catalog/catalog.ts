// An immutable, fully indexed catalog whose every response body is serialized once, when it is built.
import { Representation } from '../http/representation.js'
import { LIST_FILTERS, MODEL_TYPES, type ListFilter, type ModelType } from '../schemas/model-types.js'
import type { ModelResponseBody } from '../schemas/model-response.js'
import type { FixtureProblem } from './fixture-problems.js'

/** name → model id, the data of `/models/traits` and `/models/compatibility_mapping`. */
export type NameToModelId = Readonly<Record<string, string>>

export interface CatalogContent {
  models: readonly ModelResponseBody[]
  traits: ReadonlyMap<ModelType, NameToModelId>
  compatibilityMapping: ReadonlyMap<ModelType, NameToModelId>
}

/** Whether a model belongs in the list of a filter (`?type=`). */
export function matchesFilter (model: ModelResponseBody, filter: ListFilter): boolean {
  if (filter === 'all') return true
  if (filter === 'code') return model.type === 'text' && model.model_spec.capabilities?.optimizedForCode === true
  return model.type === filter
}

const json = Representation.ofJson

/** As many bodies at a time as libuv has threads: each holds a compressor's memory while it waits, so never all at once. */
const COMPRESSION_CONCURRENCY = 4

export async function compressAll (representations: readonly Representation[]): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < representations.length) await representations[next++].compress()
  }
  await Promise.all(Array.from({ length: COMPRESSION_CONCURRENCY }, worker))
}

export class Catalog {
  readonly content: CatalogContent
  /** Things worth a look that do not stop the catalog from being served, such as fields the contract does not know. */
  readonly warnings: readonly FixtureProblem[]
  /** What the models served as given break of the published ModelResponse (missing fields, wrong types), in model order. */
  readonly deviations: readonly FixtureProblem[]
  readonly countsByType: Readonly<Record<ModelType, number>>
  readonly listBodies: ReadonlyMap<ListFilter, Representation>
  readonly modelBodies: ReadonlyMap<string, Representation>
  /** The same lists and models without the beta-only ones (`model_spec.beta: true`), for keys without beta access. */
  readonly publicListBodies: ReadonlyMap<ListFilter, Representation>
  readonly publicModelBodies: ReadonlyMap<string, Representation>
  readonly traitsBodies: ReadonlyMap<ModelType, Representation>
  readonly compatibilityMappingBodies: ReadonlyMap<ModelType, Representation>

  readonly #bodiesByModel: WeakMap<ModelResponseBody, Representation>
  readonly #deviationsByModel: ReadonlyMap<ModelResponseBody, readonly FixtureProblem[]>

  /**
   * `previous`: the catalog this one is an edit of, whose bodies (and, unless `deviations` is given, deviations) are
   * reused for the very same model objects.
   */
  constructor (content: CatalogContent, warnings: readonly FixtureProblem[] = [], previous?: Catalog,
    deviations?: ReadonlyMap<ModelResponseBody, readonly FixtureProblem[]>) {
    this.content = content
    this.warnings = warnings
    // Looked up by this catalog's models only, so an edit can share its baseline's map whole.
    this.#deviationsByModel = deviations ?? (previous === undefined ? new Map() : previous.#deviationsByModel)
    this.deviations = content.models.flatMap(model => this.#deviationsByModel.get(model) ?? [])
    const counts = Object.fromEntries(MODEL_TYPES.map(type => [type, 0])) as Record<ModelType, number>
    for (const model of content.models) counts[model.type] += 1
    this.countsByType = counts
    this.listBodies = new Map(LIST_FILTERS.map(filter => [filter, json({
      object: 'list',
      type: filter,
      data: content.models.filter(model => matchesFilter(model, filter))
    })]))
    // An edited catalog keeps the bodies (and their encodings) of the models the edit left untouched.
    const reusable = previous === undefined ? undefined : previous.#bodiesByModel
    this.modelBodies = new Map(content.models.map(model => [model.id, reusable?.get(model) ?? json(model)]))
    this.#bodiesByModel = new WeakMap(content.models.map(model => [model, this.modelBodies.get(model.id) as Representation]))
    const publicModels = content.models.filter(model => model.model_spec.beta !== true)
    // Only the lists that contain a beta-only model differ; the others are shared, which matters for big catalogs.
    this.publicListBodies = new Map(LIST_FILTERS.map(filter => [filter,
      content.models.some(model => model.model_spec.beta === true && matchesFilter(model, filter))
        ? json({ object: 'list', type: filter, data: publicModels.filter(model => matchesFilter(model, filter)) })
        : this.listBodies.get(filter) as Representation]))
    // Most catalogs have no beta-only model; then both audiences share the same bodies.
    const hasBetaOnly = publicModels.length < content.models.length
    this.publicModelBodies = hasBetaOnly ? new Map(publicModels.map(model => [model.id, this.modelBodies.get(model.id) as Representation])) : this.modelBodies
    const envelopes = (source: ReadonlyMap<ModelType, NameToModelId>) =>
      new Map(MODEL_TYPES.map(type => [type, json({ object: 'list', type, data: source.get(type) ?? {} })]))
    this.traitsBodies = envelopes(content.traits)
    this.compatibilityMappingBodies = envelopes(content.compatibilityMapping)
  }

  #compressed: Promise<void> | undefined

  /**
   * Compresses every body once (gzip and brotli), so no request ever compresses. Until it has, bodies go out as they
   * are: start-up does not wait for it, reloads and edits do.
   */
  compress (): Promise<void> {
    this.#compressed ??= compressAll(this.#representations())
    return this.#compressed
  }

  #representations (): Representation[] {
    // The public maps mostly share their entries with the full ones (see the constructor); the set keeps one of each.
    const all = new Set<Representation>([...this.listBodies.values(), ...this.publicListBodies.values(), ...this.modelBodies.values(),
      ...this.traitsBodies.values(), ...this.compatibilityMappingBodies.values()])
    return [...all]
  }

  get size (): number {
    return this.content.models.length
  }
}
