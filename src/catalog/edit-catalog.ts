// Run-time edits of a catalog (admin API, in-process tests): checked like fixtures, applied by building a new catalog.
import type { ModelResponseBody } from '../schemas/model-response.js'
import { Catalog, type NameToModelId } from './catalog.js'
import { unservableId, withDefaults } from './load-catalog.js'
import { checkModel, type ModelIssue } from './model-validator.js'

export class ModelRejected extends Error {
  constructor (readonly issues: readonly ModelIssue[]) {
    super(`the model is not a valid ModelResponse: ${issues.map(issue => `${issue.path}: ${issue.message}`).join('; ')}`)
    this.name = 'ModelRejected'
  }
}

/** Every problem of a model given at run time, or nothing; `object` and `owned_by` may be left out, as in fixtures. */
export function acceptModel (raw: unknown): ModelResponseBody {
  const model = withDefaults(raw)
  const issues = checkModel(model)
  const unservable = issues.length === 0 ? unservableId((model as ModelResponseBody).id) : undefined
  if (unservable !== undefined) issues.push({ path: 'id', message: unservable })
  if (issues.length > 0) throw new ModelRejected(issues)
  return model as ModelResponseBody
}

/** Name maps without the entries that point at models no longer in the catalog. */
function keepExisting (maps: ReadonlyMap<string, NameToModelId>, ids: ReadonlySet<string>) {
  return new Map([...maps].map(([type, map]) => [type, Object.fromEntries(Object.entries(map).filter(([, id]) => ids.has(id)))])) as Catalog['content']['traits']
}

/** The catalog with exactly these models, keeping the traits and mappings that still point at one. */
export function withModels (catalog: Catalog, models: readonly ModelResponseBody[]): Catalog {
  const ids = new Set(models.map(model => model.id))
  if (ids.size !== models.length) throw new ModelRejected([{ path: 'id', message: 'model ids must be unique' }])
  return new Catalog({
    models,
    traits: keepExisting(catalog.content.traits, ids),
    compatibilityMapping: keepExisting(catalog.content.compatibilityMapping, ids)
  }, [], catalog)
}

/** Adds the model, or replaces the one with its id in place; `created` says which. */
export function upsertModel (catalog: Catalog, model: ModelResponseBody): { catalog: Catalog, created: boolean } {
  const models = [...catalog.content.models]
  const index = models.findIndex(existing => existing.id === model.id)
  if (index === -1) models.push(model)
  else models[index] = model
  return { catalog: withModels(catalog, models), created: index === -1 }
}

/** The catalog without the model, or undefined when there is no such model. */
export function removeModel (catalog: Catalog, id: string): Catalog | undefined {
  const models = catalog.content.models.filter(model => model.id !== id)
  return models.length === catalog.content.models.length ? undefined : withModels(catalog, models)
}
