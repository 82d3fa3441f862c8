// Validates fixture models against the ModelResponse schema and words each failure for a person editing the file.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv'
import { CONSTRAINTS_BRANCHES, ModelResponse, PRICING_BRANCHES, type ModelResponseBody } from '../schemas/model-response.js'
import { isModelType, MODEL_TYPES } from '../schemas/model-types.js'
import { TypeCompiler, type TSchema } from '../schemas/typebox.js'

/** One thing wrong in a model, located by a JSON path relative to the model. */
export interface ModelIssue {
  path: string
  message: string
}

/** The check every model goes through: TypeBox's compiled checker, a few milliseconds to build and to run. */
const isModelResponse = TypeCompiler.Compile(ModelResponse)

// ajv explains failures in detail (every error, with JSON pointers), but compiling it costs a noticeable part of
// start-up, so it is built only when a model has failed the fast check.
const ajv = new Ajv({ allErrors: true, strict: true })
let explainModel: ValidateFunction | undefined

/** The `anyOf` unions of ModelResponse, keyed by where they sit; their branch validators are compiled on first need. */
const UNIONS = new Map<string, readonly TSchema[]>([
  ['/model_spec/pricing', PRICING_BRANCHES],
  ['/model_spec/constraints', CONSTRAINTS_BRANCHES]
])

const branchValidators = new Map<TSchema, ValidateFunction>()

function branchValidator (branch: TSchema): ValidateFunction {
  let validate = branchValidators.get(branch)
  if (validate === undefined) {
    validate = ajv.compile(branch)
    branchValidators.set(branch, validate)
  }
  return validate
}

/** `/model_spec/pricing/1K` → `model_spec.pricing["1K"]`: the form a person searches for in the file. */
export function pointerToPath (pointer: string): string {
  if (pointer === '') return '(the model itself)'
  return pointer.slice(1).split('/').map((raw, index) => {
    const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~')
    if (/^\d+$/.test(segment)) return `[${segment}]`
    if (/^[A-Za-z_$][\w$]*$/.test(segment)) return index === 0 ? segment : `.${segment}`
    return `[${JSON.stringify(segment)}]`
  }).join('')
}

function describeValue (value: unknown): string {
  if (Array.isArray(value)) return `an array of ${value.length}`
  if (value !== null && typeof value === 'object') return 'an object'
  // String() keeps numbers JSON cannot write (1e400 parses to Infinity) readable.
  const text = typeof value === 'string' ? JSON.stringify(value) : String(value)
  return value === null ? 'null' : `${typeof value} ${text.length > 60 ? `${text.slice(0, 57)}...` : text}`
}

/** The value at a JSON pointer that ajv reported, so it always exists. */
function valueAt (root: unknown, pointer: string): unknown {
  let node = root
  for (const raw of pointer.split('/').slice(1)) {
    node = (node as Record<string, unknown>)[raw.replaceAll('~1', '/').replaceAll('~0', '~')]
  }
  return node
}

/** `pointer` extended by one key, escaped as JSON Pointer requires. */
export function joinPointer (pointer: string, key: string): string {
  return `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`
}

function explain (error: ErrorObject, root: unknown, base: string): ModelIssue {
  const pointer = base + error.instancePath
  const found = valueAt(root, pointer)
  const params = error.params as Record<string, unknown>
  switch (error.keyword) {
    case 'required':
      return { path: pointerToPath(joinPointer(pointer, String(params.missingProperty))), message: 'is required but missing' }
    case 'additionalProperties':
      return { path: pointerToPath(joinPointer(pointer, String(params.additionalProperty))), message: 'is not a known property here (remove it or check its spelling)' }
    case 'type':
      return { path: pointerToPath(pointer), message: `must be ${/^[aeiou]/.test(String(params.type)) ? 'an' : 'a'} ${String(params.type)}, found ${describeValue(found)}` }
    case 'enum':
      return { path: pointerToPath(pointer), message: `must be one of ${(params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}; found ${describeValue(found)}` }
    default:
      return { path: pointerToPath(pointer), message: `${String(error.message)}; found ${describeValue(found)}` }
  }
}

/** For a value that matches no branch of a union: the branch it comes closest to, and what that branch misses. */
function explainUnion (pointer: string, root: unknown): ModelIssue[] {
  const branches = UNIONS.get(pointer)
  const value = valueAt(root, pointer)
  if (branches === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
    return [{ path: pointerToPath(pointer), message: `must be an object, found ${describeValue(value)}` }]
  }
  // Every branch failed, so each has errors; the branch with the fewest is the one the author most likely meant.
  const failures = branches.map(branch => {
    const validate = branchValidator(branch)
    validate(value)
    return { title: String(branch.title), errors: validate.errors as ErrorObject[] }
  })
  const closest = failures.reduce((best, failure) => failure.errors.length < best.errors.length ? failure : best)
  const titles = branches.map(branch => String(branch.title)).join(', ')
  const summary = {
    path: pointerToPath(pointer),
    message: `matches none of the ${branches.length} allowed shapes (${titles}); closest is "${closest.title}", which fails as follows`
  }
  return [summary, ...closest.errors.map(error => explain(error, root, pointer))]
}

const MODEL_KEYS = new Set(Object.keys(ModelResponse.properties))
const MODEL_SPEC_KEYS = new Set(Object.keys(ModelResponse.properties.model_spec.properties))

/**
 * Fields of a valid model that the contract does not name. The contract leaves these objects open, so they are
 * served, but a typo such as `pricng` would otherwise go unnoticed.
 */
export function strayKeys (model: ModelResponseBody): string[] {
  return [
    ...Object.keys(model).filter(key => !MODEL_KEYS.has(key)).map(key => pointerToPath(`/${key}`)),
    ...Object.keys(model.model_spec).filter(key => !MODEL_SPEC_KEYS.has(key)).map(key => pointerToPath(`/model_spec/${key}`))
  ]
}

/**
 * What makes a model unservable rather than merely off-contract: routes, filters and indexes need an object with a
 * string id, a type they know and a `model_spec` object. Everything else the contract says is checked by checkModel.
 */
export function structuralIssues (model: unknown): ModelIssue[] {
  if (model === null || typeof model !== 'object' || Array.isArray(model)) return [{ path: '(the model itself)', message: `must be an object, found ${describeValue(model)}` }]
  const { id, type, model_spec: spec } = model as Record<string, unknown>
  const issues: ModelIssue[] = []
  const missing = (path: string) => issues.push({ path, message: 'is required but missing' })
  if (id === undefined) missing('id')
  else if (typeof id !== 'string') issues.push({ path: 'id', message: `must be a string, found ${describeValue(id)}` })
  if (type === undefined) missing('type')
  else if (!isModelType(type)) issues.push({ path: 'type', message: `must be one of ${MODEL_TYPES.map(known => JSON.stringify(known)).join(', ')}; found ${describeValue(type)}` })
  if (spec === undefined) missing('model_spec')
  else if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) issues.push({ path: 'model_spec', message: `must be an object, found ${describeValue(spec)}` })
  return issues
}

/** Every problem of one model, or an empty list when it is a valid ModelResponse. */
export function checkModel (model: unknown): ModelIssue[] {
  if (isModelResponse.Check(model)) return []
  explainModel ??= ajv.compile(ModelResponse)
  explainModel(model)
  const issues: ModelIssue[] = []
  // Both validators implement one schema and the contract test holds them to the same verdicts; should they ever
  // disagree, the model is still refused rather than served unchecked.
  /* c8 ignore next */
  const errors = explainModel.errors ?? [{ instancePath: '', keyword: 'schema', schemaPath: '#', params: {}, message: 'does not match the ModelResponse schema' }]
  for (const error of errors) {
    // Errors inside a union's branches are noise; the union's own error is explained branch by branch instead.
    if (error.schemaPath.includes('/anyOf/')) continue
    if (error.keyword === 'anyOf') issues.push(...explainUnion(error.instancePath, model))
    else issues.push(explain(error, model, ''))
  }
  return issues
}
