// Loads a catalog from fixtures in any of their three forms, reports every problem at once, and builds it when none refuses it.
import { realpath, stat } from 'node:fs/promises'
import { basename, dirname } from 'node:path'
import { isModelType, LIST_FILTERS, MODEL_TYPES, type ModelType } from '../schemas/model-types.js'
import type { ModelResponseBody } from '../schemas/model-response.js'
import { Catalog, type NameToModelId } from './catalog.js'
import { FixtureError, type FixtureProblem } from './fixture-problems.js'
import { directoryFiles, nameMapHint, shapeOf, type FixtureFiles, type FixtureForm, type NameMapSection } from './fixture-layout.js'
import { FixtureReader, typeName } from './fixture-reader.js'
import { checkModel, strayKeys, structuralIssues } from './model-validator.js'

export { FixtureError, formatProblems, type FixtureProblem } from './fixture-problems.js'
export { isIgnorable, MAX_FIXTURE_FILE_BYTES } from './fixture-reader.js'

export interface LoadOptions {
  /** Refuse a model the published ModelResponse rejects, instead of serving it as given and reporting the deviation. */
  strict?: boolean
}

/** Every list answer of the API is `{"object","type","data"}`; anything else in one is a typo or a stray. */
function reportStrayEnvelopeKeys (reader: FixtureReader, file: string, envelope: Record<string, unknown>): void {
  for (const key of Object.keys(envelope)) {
    if (key !== 'object' && key !== 'type' && key !== 'data') reader.problem(file, key, 'is not a known property of this response (expected object, type, data)')
  }
}

/** A model list file: a captured `{"object":"list","type"?,"data":[...]}` response, or a bare array of models. */
function modelEntries (reader: FixtureReader, file: string, document: unknown, form: FixtureForm): { list: unknown[], prefix: string, declaredType?: string } | undefined {
  if (Array.isArray(document)) return { list: document, prefix: '' }
  if (document === null || typeof document !== 'object') {
    reader.problem(file, '', `must be a models response {"object":"list","data":[...]} or an array of models, found ${typeName(document)}`)
    return undefined
  }
  const shape = shapeOf(document)
  if (shape === 'single model') {
    reader.problem(file, '', 'holds one model, not a list of models: wrap it in [ ], or save the whole GET /models answer')
    return undefined
  }
  const envelope = document as Record<string, unknown>
  if (shape === 'name map' && envelope.object === undefined) {
    reader.problem(file, '', `holds names mapped to model ids, not a list of models; ${nameMapHint(form)}`)
    return undefined
  }
  reportStrayEnvelopeKeys(reader, file, envelope)
  if (envelope.object !== undefined && envelope.object !== 'list') reader.problem(file, 'object', `must be "list", found ${JSON.stringify(envelope.object)}`)
  const declaredType = envelope.type
  if (declaredType !== undefined && !(LIST_FILTERS as readonly unknown[]).includes(declaredType)) {
    reader.problem(file, 'type', `must be one of ${LIST_FILTERS.join(', ')}, found ${JSON.stringify(declaredType)}`)
  }
  if (!Array.isArray(envelope.data)) {
    const hint = shape === 'name map' ? ` (is it a traits or compatibility-mapping answer? ${nameMapHint(form)})` : ''
    reader.problem(file, 'data', `must be an array of models, found ${typeName(envelope.data)}${hint}`)
    return undefined
  }
  return { list: envelope.data, prefix: 'data', declaredType: typeof declaredType === 'string' ? declaredType : undefined }
}

/** Route names that `/models/{id}` can never reach, because a fixed route answers them. */
const RESERVED_IDS = new Set(['traits', 'compatibility_mapping'])

/** Why `GET /models/{id}` could never answer this id, or undefined when it can. */
export function unservableId (id: string): string | undefined {
  if (id === '') return 'must not be empty'
  if (RESERVED_IDS.has(id)) return `cannot be "${id}": GET /api/v1/models/${id} is a route of its own`
  if (id.startsWith('/') || id.endsWith('/') || id.includes('//')) return `${JSON.stringify(id)} cannot be requested as /api/v1/models/{id}: no leading, trailing or doubled "/"`
  return undefined
}

export function withDefaults (model: unknown): unknown {
  if (model === null || typeof model !== 'object' || Array.isArray(model)) return model
  // discount_to_user belongs to one caller (a persona's `discounts`), never to the model every caller sees.
  const { id, object, owned_by: ownedBy, discount_to_user: _partnerOnly, ...rest } = model as Record<string, unknown>
  // Hand-written fixtures may leave out the two constant fields every live model carries.
  return { id, object: object ?? 'model', owned_by: ownedBy ?? 'venice.ai', ...rest }
}

const DISCOUNT_REMOVED = 'is left out: the live API sends it only to the partner whose agreement covers the model (a capture taken with a partner key carries it); give that key "discounts" in VENICE_MOCK_KEYS_FILE instead'

function hasPartnerDiscount (raw: unknown): boolean {
  return typeof raw === 'object' && raw !== null && Object.hasOwn(raw, 'discount_to_user')
}

interface LoadedModels {
  models: ModelResponseBody[]
  /** What each model served as given breaks of the published contract. */
  deviations: Map<ModelResponseBody, FixtureProblem[]>
}

/** The JSON text of a model, to tell whether two captures hold the very same model. */
const sameModel = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b)

async function loadModels (reader: FixtureReader, files: FixtureFiles, strict: boolean): Promise<LoadedModels> {
  const models: ModelResponseBody[] = []
  const deviations = new Map<ModelResponseBody, FixtureProblem[]>()
  const first = new Map<string, { where: string, model: unknown }>()
  for (const file of files.models) {
    const document = await reader.readJson(file)
    const entries = document === undefined ? undefined : modelEntries(reader, file, document, files.form)
    if (entries === undefined) continue
    entries.list.forEach((raw, index) => {
      const model = withDefaults(raw)
      const here = `${entries.prefix}[${index}]`
      const id = (model as { id?: unknown } | null)?.id
      const label = typeof id === 'string' ? `${here} (id ${JSON.stringify(id)})` : here
      const structural = structuralIssues(model)
      for (const issue of structural) reader.problem(file, `${label} ${issue.path}`, issue.message)
      if (structural.length > 0) return
      // Past the structural rules the model can be served; what else the contract asks of it is a deviation.
      const off = checkModel(model).map(issue => ({ file, path: `${label} ${issue.path}`, message: issue.message }))
      if (strict && off.length > 0) {
        reader.problems.push(...off)
        return
      }
      const valid = model as ModelResponseBody
      const declared = entries.declaredType
      if (declared !== undefined && declared !== 'all' && valid.type !== (declared === 'code' ? 'text' : declared)) {
        reader.problem(file, `${label} type`, `is "${valid.type}" but the file is a "${declared}" list`)
        return
      }
      if (declared === 'code' && valid.model_spec.capabilities?.optimizedForCode !== true) {
        reader.problem(file, `${label} model_spec.capabilities.optimizedForCode`, 'must be true for a model in a "code" list')
        return
      }
      const unservable = unservableId(valid.id)
      if (unservable !== undefined) {
        reader.problem(file, `${label} id`, unservable)
        return
      }
      const earlier = first.get(valid.id)
      // Captures of several types overlap (`all` holds every `text` model): the same model twice is one model.
      if (earlier !== undefined && files.form !== 'layout' && sameModel(earlier.model, valid)) return
      if (earlier !== undefined) {
        reader.problem(file, `${label} id`, files.form === 'layout'
          ? `duplicates the model of the same id in ${earlier.where}; ids must be unique across all model files`
          : `differs from the model of the same id in ${earlier.where}; captures taken at different times disagree, keep one of them`)
        return
      }
      first.set(valid.id, { where: `${file} ${here}`, model: valid })
      // Warned once per model, not once per capture that repeats it.
      if (hasPartnerDiscount(raw)) reader.warnings.push({ file, path: `${label} discount_to_user`, message: DISCOUNT_REMOVED })
      for (const key of strayKeys(valid)) reader.warnings.push({ file, path: `${label} ${key}`, message: 'is not a field of the Venice contract; it is served as it is (check its spelling)' })
      models.push(valid)
      if (off.length > 0) deviations.set(valid, off)
    })
  }
  return { models, deviations }
}

/** A traits or compatibility-mapping file: a captured `{"object":"list","type","data":{...}}` response or a bare map. */
async function loadNameMaps (reader: FixtureReader, section: NameMapSection, files: readonly string[], typeOf: ReadonlyMap<string, ModelType>): Promise<Map<ModelType, NameToModelId>> {
  const maps = new Map<ModelType, NameToModelId>()
  for (const file of files) {
    // `traits/text.json` in the models/ layout, `traits-text.json` in a directory of captures.
    const named = file.slice(0, section.length + 1)
    const type = file.slice(named.length, -'.json'.length)
    if (!isModelType(type)) {
      reader.problem(file, '', `is not named after a model type; expected one of ${MODEL_TYPES.map(t => `${named}${t}.json`).join(', ')}`)
      continue
    }
    const document = await reader.readJson(file)
    if (document === undefined) continue
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      reader.problem(file, '', `must be an object of name → model id, found ${typeName(document)}`)
      continue
    }
    let map = document as Record<string, unknown>
    let prefix = ''
    // A captured answer: {"object":"list","type":...,"data":{...}}; without `data` it is still one, missing its data.
    if (map.object === 'list') {
      reportStrayEnvelopeKeys(reader, file, map)
      if (map.type !== undefined && map.type !== type) reader.problem(file, 'type', `is ${JSON.stringify(map.type)} but the file name says "${type}"`)
      if (map.data === null || typeof map.data !== 'object' || Array.isArray(map.data)) {
        reader.problem(file, 'data', `must be an object of name → model id, found ${typeName(map.data)}`)
        continue
      }
      map = map.data as Record<string, unknown>
      prefix = 'data'
    }
    const valid: Record<string, string> = {}
    for (const [name, id] of Object.entries(map)) {
      const path = `${prefix}[${JSON.stringify(name)}]`
      if (typeof id !== 'string') reader.problem(file, path, `must be a model id (a string), found ${typeName(id)}`)
      else if (!typeOf.has(id)) reader.problem(file, path, `names model ${JSON.stringify(id)}, which is not in the catalog`)
      else if (typeOf.get(id) !== type) reader.problem(file, path, `names model ${JSON.stringify(id)}, which is a ${typeOf.get(id)} model, not ${type}`)
      else Object.defineProperty(valid, name, { value: id, enumerable: true })
    }
    maps.set(type, Object.freeze(valid))
  }
  return maps
}

/**
 * Load, validate and index fixtures: one captured `GET /models` answer (a file), a directory of captures, or the
 * models/ layout. Throws FixtureError listing every structural problem (and, when strict, every deviation).
 */
export async function loadCatalog (path: string, options: LoadOptions = {}): Promise<Catalog> {
  let real: string
  let isFile: boolean
  try {
    real = await realpath(path)
    const info = await stat(real)
    isFile = info.isFile()
    if (!isFile && !info.isDirectory()) throw new Error('neither a file nor a directory')
  } catch (error) {
    throw new FixtureError(path, [{ file: path, path: '', message: `cannot be read (${(error as Error).message}); expected a captured GET /models answer (a JSON file) or a fixture directory` }], 'fixtures')
  }
  // A single file is read from its own directory, so that a link to it is followed wherever it points.
  const reader = isFile ? new FixtureReader(dirname(path), dirname(real)) : new FixtureReader(path, real)
  const files = isFile ? { form: 'capture' as const, models: [basename(path)], traits: [], compatibility_mapping: [] } : await directoryFiles(reader)
  const { models, deviations } = await loadModels(reader, files, options.strict === true)
  if (models.length === 0 && reader.problems.length === 0) {
    reader.problem(files.form === 'layout' ? 'models/' : files.form === 'capture' ? basename(path) : path, '', 'holds no model; the catalog needs at least one')
  }
  const typeOf = new Map(models.map(model => [model.id, model.type]))
  const traits = await loadNameMaps(reader, 'traits', files.traits, typeOf)
  const compatibilityMapping = await loadNameMaps(reader, 'compatibility_mapping', files.compatibility_mapping, typeOf)
  if (reader.problems.length > 0) throw new FixtureError(path, reader.problems, isFile ? 'fixture file' : 'fixture directory')
  return new Catalog({ models, traits, compatibilityMapping }, reader.warnings, undefined, deviations)
}
