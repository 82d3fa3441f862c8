// Compares a catalog with a live API's answers: models added, removed and changed, name maps, and contract drift.
import { MODEL_TYPES, type ModelType } from '../schemas/model-types.js'
import type { ModelResponseBody } from '../schemas/model-response.js'
import type { RemoteCatalog } from '../remote/fetch-remote-catalog.js'
import type { Catalog } from './catalog.js'
import { isObject } from './fixture-reader.js'
import { checkModel, joinPointer, pointerToPath } from './model-validator.js'

export interface ModelRef { id: string, type: string }
export interface FieldChange { id: string, path: string, local: unknown, remote: unknown }
export interface NameChange { section: 'traits' | 'compatibility_mapping', type: ModelType, name: string, local?: string, remote?: string }
export interface Violation { where: string, path: string, message: string }

export interface CatalogDifferences {
  added: ModelRef[]
  removed: ModelRef[]
  /** Price changes come first: they are what a team most needs to hear about. */
  changed: FieldChange[]
  names: NameChange[]
  /** Answers of the remote API that our schema rejects: the contract itself has drifted. */
  violations: Violation[]
  identical: boolean
}

/** Leaf-level differences between two JSON values; arrays are compared whole. */
function fieldChanges (id: string, local: unknown, remote: unknown, pointer: string, into: FieldChange[]): void {
  if (isObject(local) && isObject(remote)) {
    for (const key of new Set([...Object.keys(local), ...Object.keys(remote)])) {
      fieldChanges(id, local[key], remote[key], joinPointer(pointer, key), into)
    }
  } else if (JSON.stringify(local) !== JSON.stringify(remote)) {
    into.push({ id, path: pointerToPath(pointer), local, remote })
  }
}

function remoteModels (remote: RemoteCatalog, violations: Violation[]): Map<string, ModelResponseBody> {
  const models = new Map<string, ModelResponseBody>()
  for (const type of MODEL_TYPES) {
    const where = `GET /models?type=${type}`
    const body = remote.lists.get(type)
    const data = isObject(body) ? body.data : undefined
    if (!Array.isArray(data)) {
      violations.push({ where, path: 'data', message: 'is not an array of models' })
      continue
    }
    data.forEach((model, index) => {
      const id = isObject(model) && typeof model.id === 'string' ? model.id : `data[${index}]`
      for (const issue of checkModel(model)) violations.push({ where, path: `${id} ${issue.path}`, message: issue.message })
      // A model our schema rejects is still the remote's model: compare it too, so it is not reported as removed.
      if (isObject(model) && typeof model.id === 'string') models.set(id, model as unknown as ModelResponseBody)
    })
  }
  return models
}

function nameChanges (section: NameChange['section'], type: ModelType, local: Readonly<Record<string, string>>, body: unknown, violations: Violation[]): NameChange[] {
  const data = isObject(body) ? body.data : undefined
  if (!isObject(data) || Object.values(data).some(value => typeof value !== 'string')) {
    violations.push({ where: `GET /models/${section}?type=${type}`, path: 'data', message: 'is not an object of name → model id' })
    return []
  }
  const remote = data as Record<string, string>
  const changes: NameChange[] = []
  for (const name of new Set([...Object.keys(local), ...Object.keys(remote)])) {
    if (local[name] !== remote[name]) changes.push({ section, type, name, local: local[name], remote: remote[name] })
  }
  return changes
}

export function compareCatalogs (catalog: Catalog, remote: RemoteCatalog): CatalogDifferences {
  const violations: Violation[] = []
  const theirs = remoteModels(remote, violations)
  const ours = new Map(catalog.content.models.map(model => [model.id, model]))
  const added = [...theirs.values()].filter(model => !ours.has(model.id)).map(({ id, type }) => ({ id, type: String(type) }))
  const removed = [...ours.values()].filter(model => !theirs.has(model.id)).map(({ id, type }) => ({ id, type }))
  const changed: FieldChange[] = []
  for (const [id, model] of ours) {
    const other = theirs.get(id)
    if (other !== undefined) fieldChanges(id, model, other, '', changed)
  }
  const isPrice = (change: FieldChange) => change.path.startsWith('model_spec.pricing')
  changed.sort((a, b) => Number(isPrice(b)) - Number(isPrice(a)))
  const names = MODEL_TYPES.flatMap(type => [
    ...nameChanges('traits', type, catalog.content.traits.get(type) ?? {}, remote.traits.get(type), violations),
    ...nameChanges('compatibility_mapping', type, catalog.content.compatibilityMapping.get(type) ?? {}, remote.compatibilityMapping.get(type), violations)
  ])
  const identical = added.length + removed.length + changed.length + names.length + violations.length === 0
  return { added, removed, changed, names, violations, identical }
}

function show (value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value)
}

/** The differences as text a person reads top to bottom. */
export function formatDifferences (differences: CatalogDifferences, localName: string, remoteName: string): string {
  if (differences.identical) return `${localName} and ${remoteName} serve the same catalog.\n`
  const lines: string[] = [`Differences between ${localName} (local) and ${remoteName} (remote):`]
  const section = (title: string, items: string[]) => {
    if (items.length > 0) lines.push('', `${title} (${items.length}):`, ...items.map(item => `  ${item}`))
  }
  section('Models only the remote has (added)', differences.added.map(model => `+ ${model.id} (${model.type})`))
  section('Models only the local catalog has (removed)', differences.removed.map(model => `- ${model.id} (${model.type})`))
  section('Fields that differ, prices first', differences.changed.map(change => `~ ${change.id} ${change.path}: ${show(change.local)} → ${show(change.remote)}`))
  section('Traits and compatibility mappings that differ', differences.names.map(change => `~ ${change.section}?type=${change.type} ${JSON.stringify(change.name)}: ${show(change.local)} → ${show(change.remote)}`))
  section('Remote answers our schema rejects (the contract has drifted)', differences.violations.map(violation => `! ${violation.where} ${violation.path}: ${violation.message}`))
  return `${lines.join('\n')}\n`
}
