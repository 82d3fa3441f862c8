// An immutable, fully indexed catalog whose every response body is serialized once, when it is built.
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

function matchesFilter (model: ModelResponseBody, filter: ListFilter): boolean {
  if (filter === 'all') return true
  if (filter === 'code') return model.type === 'text' && model.model_spec.capabilities?.optimizedForCode === true
  return model.type === filter
}

function json (value: unknown): Buffer {
  return Buffer.from(JSON.stringify(value))
}

export class Catalog {
  readonly content: CatalogContent
  /** Things worth a look that do not stop the catalog from being served, such as fields the contract does not know. */
  readonly warnings: readonly FixtureProblem[]
  readonly countsByType: Readonly<Record<ModelType, number>>
  readonly listBodies: ReadonlyMap<ListFilter, Buffer>
  readonly modelBodies: ReadonlyMap<string, Buffer>
  /** The same lists and models without the beta-only ones (`model_spec.beta: true`), for keys without beta access. */
  readonly publicListBodies: ReadonlyMap<ListFilter, Buffer>
  readonly publicModelBodies: ReadonlyMap<string, Buffer>
  readonly traitsBodies: ReadonlyMap<ModelType, Buffer>
  readonly compatibilityMappingBodies: ReadonlyMap<ModelType, Buffer>

  constructor (content: CatalogContent, warnings: readonly FixtureProblem[] = []) {
    this.content = content
    this.warnings = warnings
    const counts = Object.fromEntries(MODEL_TYPES.map(type => [type, 0])) as Record<ModelType, number>
    for (const model of content.models) counts[model.type] += 1
    this.countsByType = counts
    this.listBodies = new Map(LIST_FILTERS.map(filter => [filter, json({
      object: 'list',
      type: filter,
      data: content.models.filter(model => matchesFilter(model, filter))
    })]))
    this.modelBodies = new Map(content.models.map(model => [model.id, json(model)]))
    const publicModels = content.models.filter(model => model.model_spec.beta !== true)
    // Only the lists that contain a beta-only model differ; the others are shared, which matters for big catalogs.
    this.publicListBodies = new Map(LIST_FILTERS.map(filter => [filter,
      content.models.some(model => model.model_spec.beta === true && matchesFilter(model, filter))
        ? json({ object: 'list', type: filter, data: publicModels.filter(model => matchesFilter(model, filter)) })
        : this.listBodies.get(filter) as Buffer]))
    // Most catalogs have no beta-only model; then both audiences share the same bodies.
    const hasBetaOnly = publicModels.length < content.models.length
    this.publicModelBodies = hasBetaOnly ? new Map(publicModels.map(model => [model.id, this.modelBodies.get(model.id) as Buffer])) : this.modelBodies
    const envelopes = (source: ReadonlyMap<ModelType, NameToModelId>) =>
      new Map(MODEL_TYPES.map(type => [type, json({ object: 'list', type, data: source.get(type) ?? {} })]))
    this.traitsBodies = envelopes(content.traits)
    this.compatibilityMappingBodies = envelopes(content.compatibilityMapping)
  }

  get size (): number {
    return this.content.models.length
  }
}
