// Reads a fixture directory, reports every problem in it at once, and builds the catalog when there are none.
import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { join, sep } from 'node:path'
import secureJson from 'secure-json-parse'
import { isModelType, LIST_FILTERS, MODEL_TYPES, type ModelType } from '../schemas/model-types.js'
import type { ModelResponseBody } from '../schemas/model-response.js'
import { Catalog, type NameToModelId } from './catalog.js'
import { FixtureError, type FixtureProblem } from './fixture-problems.js'
import { checkModel, strayKeys } from './model-validator.js'

export { FixtureError, formatProblems, type FixtureProblem } from './fixture-problems.js'

/** A fixture file larger than this is refused: it is almost certainly not a catalog. */
export const MAX_FIXTURE_FILE_BYTES = 64 * 1024 * 1024

const SECTIONS = ['models', 'traits', 'compatibility_mapping'] as const
type Section = typeof SECTIONS[number]

/** Notes and editor droppings that may sit beside fixtures without being fixtures. */
export function isIgnorable (name: string): boolean {
  if (name.startsWith('.')) return true
  if (name.endsWith('.json')) return false
  // Notes, and the backups editors leave beside a file they save (name~, #name#).
  return name.startsWith('#') || name.endsWith('~') || /\.(md|txt)$/i.test(name) || /^(readme|license)(\.\w+)?$/i.test(name)
}

function typeName (value: unknown): string {
  if (value === undefined) return 'nothing (it is missing)'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'an array'
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`
}

function lineAndColumn (text: string, position: number): string {
  const before = text.slice(0, position)
  const line = before.split('\n').length
  const column = position - before.lastIndexOf('\n')
  return `line ${line}, column ${column}`
}

class FixtureReader {
  readonly problems: FixtureProblem[] = []
  readonly warnings: FixtureProblem[] = []

  constructor (readonly root: string, readonly realRoot: string) {}

  problem (file: string, path: string, message: string): void {
    this.problems.push({ file, path, message })
  }

  /** An entry's stats, following a link only while it stays inside the fixture directory; undefined after recording why not. */
  async statInside (file: string): Promise<Stats | undefined> {
    const absolute = join(this.root, file)
    try {
      if ((await lstat(absolute)).isSymbolicLink()) {
        const target = await realpath(absolute)
        if (target !== this.realRoot && !target.startsWith(this.realRoot + sep)) {
          this.problem(file, '', `is a symbolic link to ${target}, outside the fixture directory; copy it in instead`)
          return undefined
        }
      }
      return await stat(absolute)
    } catch (error) {
      this.problem(file, '', `cannot be read: ${(error as Error).message}`)
      return undefined
    }
  }

  /** The JSON value of one fixture file, or undefined after recording why it cannot be used. */
  async readJson (file: string): Promise<unknown> {
    const info = await this.statInside(file)
    if (info === undefined) return undefined
    if (!info.isFile()) {
      this.problem(file, '', info.isDirectory() ? 'is a directory; expected a JSON file' : 'is not a regular file')
      return undefined
    }
    if (info.size > MAX_FIXTURE_FILE_BYTES) {
      this.problem(file, '', `is ${info.size} bytes; fixture files are limited to ${MAX_FIXTURE_FILE_BYTES} bytes`)
      return undefined
    }
    if (info.size === 0) {
      this.problem(file, '', 'is empty; expected a JSON document')
      return undefined
    }
    const bytes = await this.readBytes(file)
    /* c8 ignore next: see readBytes */
    if (bytes === undefined) return undefined
    let text: string
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
    } catch {
      this.problem(file, '', 'is not valid UTF-8 text; save it as UTF-8 JSON')
      return undefined
    }
    try {
      // secure-json-parse refuses `__proto__` and `constructor.prototype` keys instead of letting them pollute objects.
      return secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' })
    } catch (error) {
      const message = (error as Error).message
      const position = /position (\d+)/.exec(message)
      const where = position === null ? '' : ` at ${lineAndColumn(text, Number(position[1]))}`
      this.problem(file, '', `is not valid JSON${where}: ${message}`)
      return undefined
    }
  }

  /* c8 ignore start: permission errors, which a test running as root (as CI does) cannot provoke */
  async readBytes (file: string): Promise<Buffer | undefined> {
    try {
      return await readFile(join(this.root, file))
    } catch (error) {
      this.problem(file, '', `cannot be read: ${(error as Error).message}`)
      return undefined
    }
  }

  /** The names in a directory of the fixture tree, sorted; an empty list after recording why it cannot be listed. */
  async list (directory: string): Promise<string[]> {
    try {
      return (await readdir(join(this.root, directory))).sort()
    } catch (error) {
      this.problem(directory === '' ? this.root : `${directory}/`, '', `cannot be listed: ${(error as Error).message}`)
      return []
    }
  }
  /* c8 ignore stop */

  /** The `.json` files of a section directory, in name order; anything else there is reported. */
  async listSection (section: Section): Promise<string[]> {
    const files: string[] = []
    for (const name of await this.list(section)) {
      if (isIgnorable(name)) continue
      if (name.endsWith('.json')) files.push(`${section}/${name}`)
      else this.problem(`${section}/${name}`, '', 'is not a .json file; only JSON fixtures belong here')
    }
    return files
  }
}

/** Every list answer of the API is `{"object","type","data"}`; anything else in one is a typo or a stray. */
function reportStrayEnvelopeKeys (reader: FixtureReader, file: string, envelope: Record<string, unknown>): void {
  for (const key of Object.keys(envelope)) {
    if (key !== 'object' && key !== 'type' && key !== 'data') reader.problem(file, key, 'is not a known property of this response (expected object, type, data)')
  }
}

/** A model list file: a captured `{"object":"list","type"?,"data":[...]}` response, or a bare array of models. */
function modelEntries (reader: FixtureReader, file: string, document: unknown): { list: unknown[], prefix: string, declaredType?: string } | undefined {
  if (Array.isArray(document)) return { list: document, prefix: '' }
  if (document === null || typeof document !== 'object') {
    reader.problem(file, '', `must be a models response {"object":"list","data":[...]} or an array of models, found ${typeName(document)}`)
    return undefined
  }
  const envelope = document as Record<string, unknown>
  reportStrayEnvelopeKeys(reader, file, envelope)
  if (envelope.object !== undefined && envelope.object !== 'list') reader.problem(file, 'object', `must be "list", found ${JSON.stringify(envelope.object)}`)
  const declaredType = envelope.type
  if (declaredType !== undefined && !(LIST_FILTERS as readonly unknown[]).includes(declaredType)) {
    reader.problem(file, 'type', `must be one of ${LIST_FILTERS.join(', ')}, found ${JSON.stringify(declaredType)}`)
  }
  if (!Array.isArray(envelope.data)) {
    reader.problem(file, 'data', `must be an array of models, found ${typeName(envelope.data)}`)
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
  const { id, object, owned_by: ownedBy, ...rest } = model as Record<string, unknown>
  // Hand-written fixtures may leave out the two constant fields every live model carries.
  return { id, object: object ?? 'model', owned_by: ownedBy ?? 'venice.ai', ...rest }
}

async function loadModels (reader: FixtureReader, files: readonly string[]): Promise<ModelResponseBody[]> {
  const models: ModelResponseBody[] = []
  const firstFileOf = new Map<string, string>()
  for (const file of files) {
    const document = await reader.readJson(file)
    const entries = document === undefined ? undefined : modelEntries(reader, file, document)
    if (entries === undefined) continue
    entries.list.forEach((raw, index) => {
      const model = withDefaults(raw)
      const here = `${entries.prefix}[${index}]`
      const id = (model as { id?: unknown } | null)?.id
      const label = typeof id === 'string' ? `${here} (id ${JSON.stringify(id)})` : here
      const issues = checkModel(model)
      for (const issue of issues) reader.problem(file, `${label} ${issue.path}`, issue.message)
      if (issues.length > 0) return
      const valid = model as ModelResponseBody
      for (const key of strayKeys(valid)) reader.warnings.push({ file, path: `${label} ${key}`, message: 'is not a field of the Venice contract; it is served as it is (check its spelling)' })
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
      const earlier = firstFileOf.get(valid.id)
      if (earlier !== undefined) {
        reader.problem(file, `${label} id`, `duplicates the model of the same id in ${earlier}; ids must be unique across all model files`)
        return
      }
      firstFileOf.set(valid.id, `${file} ${here}`)
      models.push(valid)
    })
  }
  return models
}

/** A traits or compatibility-mapping file: a captured `{"object":"list","type","data":{...}}` response or a bare map. */
async function loadNameMaps (reader: FixtureReader, section: Section, files: readonly string[], typeOf: ReadonlyMap<string, ModelType>): Promise<Map<ModelType, NameToModelId>> {
  const maps = new Map<ModelType, NameToModelId>()
  for (const file of files) {
    const type = file.slice(section.length + 1, -'.json'.length)
    if (!isModelType(type)) {
      reader.problem(file, '', `is not named after a model type; expected one of ${MODEL_TYPES.map(t => `${t}.json`).join(', ')}`)
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

/** Load, validate and index a fixture directory; throws FixtureError listing every problem found. */
export async function loadCatalog (directory: string): Promise<Catalog> {
  let realRoot: string
  try {
    realRoot = await realpath(directory)
    if (!(await stat(realRoot)).isDirectory()) throw new Error('not a directory')
  } catch (error) {
    throw new FixtureError(directory, [{ file: directory, path: '', message: `is not a readable directory (${(error as Error).message})` }])
  }
  const reader = new FixtureReader(directory, realRoot)
  const present = new Set<Section>()
  for (const name of await reader.list('')) {
    if ((SECTIONS as readonly string[]).includes(name)) {
      const info = await reader.statInside(name)
      if (info?.isDirectory() === true) present.add(name as Section)
      else if (info !== undefined) reader.problem(name, '', 'must be a directory')
    } else if (!isIgnorable(name)) {
      reader.problem(name, '', `is not part of the fixture layout; expected only the directories ${SECTIONS.join('/, ')}/`)
    }
  }
  if (!present.has('models')) reader.problem('models/', '', 'is missing; the catalog needs at least one model file in models/')
  const filesOf = async (section: Section) => present.has(section) ? await reader.listSection(section) : []
  const models = await loadModels(reader, await filesOf('models'))
  if (present.has('models') && models.length === 0 && reader.problems.length === 0) reader.problem('models/', '', 'holds no model; the catalog needs at least one')
  const typeOf = new Map(models.map(model => [model.id, model.type]))
  const traits = await loadNameMaps(reader, 'traits', await filesOf('traits'), typeOf)
  const compatibilityMapping = await loadNameMaps(reader, 'compatibility_mapping', await filesOf('compatibility_mapping'), typeOf)
  if (reader.problems.length > 0) throw new FixtureError(directory, reader.problems)
  return new Catalog({ models, traits, compatibilityMapping }, reader.warnings)
}
