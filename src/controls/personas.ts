// Key personas: which bearer keys exist and how each behaves (active, inactive, disabled; beta access; rate limit; discounts).
import { createHash, timingSafeEqual } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import secureJson from 'secure-json-parse'
import { StringEnum, Type, TypeCompiler, type Static } from '../schemas/typebox.js'

export const PERSONA_STATUSES = ['active', 'inactive', 'disabled'] as const

export const PersonaSchema = Type.Object({
  status: Type.Optional(StringEnum(PERSONA_STATUSES, { description: '`inactive` answers 401 (subscription inactive), `disabled` 403' })),
  beta: Type.Optional(Type.Boolean({ description: 'Whether models with `model_spec.beta: true` are listed for this key' })),
  rateLimit: Type.Optional(Type.Integer({ minimum: 1, description: 'Requests per minute for this key' })),
  discounts: Type.Optional(Type.Record(Type.String(), Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1 }), {
    description: 'Model id → `discount_to_user` this key (a reselling partner) sees on that model, e.g. {"kimi-k2-6": 0.2}'
  }))
}, { additionalProperties: false })

export interface Persona {
  readonly status: typeof PERSONA_STATUSES[number]
  readonly beta: boolean
  /** Requests per minute; `undefined` falls back to the global rate limit, if any. */
  readonly rateLimit: number | undefined
  /** Model id → the `discount_to_user` this key sees on it; absent for keys without a reseller agreement. */
  readonly discounts?: ReadonlyMap<string, number>
  /** Names the keys-file entry in messages (file, position, masked key), for personas with discounts. */
  readonly entry?: string
}

/** Who made a request: an opaque id for per-key state (never the key itself) and the persona of the key. */
export interface Caller {
  readonly id: string
  readonly persona: Persona
}

/** Any key is welcome and sees every model: the persona of every caller when no keys are configured. */
export const OPEN_PERSONA: Persona = Object.freeze({ status: 'active', beta: true, rateLimit: undefined })

const checkPersona = TypeCompiler.Compile(PersonaSchema)

/** Presented keys whose digest (and open caller) is remembered; past it the cache starts over, so random keys cannot grow memory. */
export const KEY_CACHE_SIZE = 1024

/** SHA-256 of a key: what is kept and compared instead of the key itself. */
export function digest (key: string): Buffer {
  return createHash('sha256').update(key).digest()
}

/** The opaque id under which a key's rate-limit window and failures are counted. */
export function callerId (key: string): string {
  return `key:${digest(key).toString('hex').slice(0, 16)}`
}

/** A key as messages and listings may show it: a short SHA-256 fingerprint, which tells keys apart without revealing any character of one. */
export function keyFingerprint (key: string | Buffer): string {
  return `sha256:${(typeof key === 'string' ? digest(key) : key).toString('hex').slice(0, 12)}`
}

/** A keys-file entry as messages name it: file, position and the key's fingerprint. */
function entryName (path: string, index: number, key: string): string {
  return `${path}: entry ${index + 1} (${keyFingerprint(key)})`
}

const PERSONA_SHAPE = '{"status": "active" | "inactive" | "disabled", "beta": boolean, "rateLimit": requests per minute, "discounts": {"<model id>": fraction}}'

/** The message for a persona the schema refuses; discounts get one that names the model and says what a valid value is. */
function personaProblem (path: string, index: number, key: string, value: unknown): string {
  const first = [...checkPersona.Errors(value)][0]
  const discount = /^\/discounts\/(.+)$/.exec(first.path)
  const entry = entryName(path, index, key)
  if (discount !== null) {
    const id = discount[1].replaceAll('~1', '/').replaceAll('~0', '~')
    const found = (value as { discounts: Record<string, unknown> }).discounts[id]
    return `${entry}: discounts["${id}"] is ${JSON.stringify(found)}: a discount is a fraction greater than 0 and less than 1, e.g. 0.2 for 20% off`
  }
  if (first.path === '/discounts') return `${entry}: discounts must be an object of model id → fraction, e.g. {"discounts": {"kimi-k2-6": 0.2}}`
  return `${path}: entry ${index + 1}${first.path === '' ? '' : ` ${first.path}`}: ${first.message}; a persona is ${PERSONA_SHAPE}`
}

/** yaml, required only for a YAML keys file: loading it costs every start about 30 ms (readKeysFile is synchronous). */
function parseYaml (text: string): unknown {
  return (createRequire(import.meta.url)('yaml') as typeof import('yaml')).parse(text)
}

/**
 * Reads a keys file (JSON, or YAML by its extension): an object of key → persona. Errors name the file and the
 * entry by its position, never by the key, which is a secret.
 */
export function readKeysFile (path: string): ReadonlyMap<string, Persona> {
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`)
  }
  let document: unknown
  try {
    document = /\.ya?ml$/i.test(path) ? parseYaml(text) : secureJson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' })
  } catch (error) {
    throw new Error(`${path} is not valid ${/\.ya?ml$/i.test(path) ? 'YAML' : 'JSON'}: ${(error as Error).message}`)
  }
  if (document === null || typeof document !== 'object' || Array.isArray(document)) {
    throw new Error(`${path} must be an object of key → persona, e.g. {"my-key": {"status": "active", "beta": true, "rateLimit": 60}}`)
  }
  const personas = new Map<string, Persona>()
  Object.entries(document).forEach(([key, value], index) => {
    if (key.trim() === '' || /\s/.test(key)) throw new Error(`${path}: entry ${index + 1} has an empty key or one with white space`)
    if (!checkPersona.Check(value)) throw new Error(personaProblem(path, index, key, value))
    const persona = value as Static<typeof PersonaSchema>
    const base = { status: persona.status ?? 'active', beta: persona.beta ?? false, rateLimit: persona.rateLimit }
    const discounts = Object.entries(persona.discounts ?? {})
    personas.set(key, Object.freeze(discounts.length === 0
      ? base
      : { ...base, discounts: new Map(discounts), entry: entryName(path, index, key) }))
  })
  if (personas.size === 0) throw new Error(`${path} lists no key`)
  return personas
}

/**
 * Finds the persona of a presented key, in time that depends on neither where nor whether it matches:
 * every known key's digest is compared.
 */
export class KeyDirectory {
  readonly #entries: ReadonlyArray<{ digest: Buffer, caller: Caller }>
  /**
   * Hashing the presented key was a tenth of the cost of a small answer, and clients send the same key again and again.
   * Only the digest is cached: the comparison against every configured key stays constant-time. With no keys
   * configured, the caller object is cached instead, so its id is hashed at most once per key.
   */
  readonly #digests = new Map<string, Buffer>()
  readonly #openCallers = new Map<string, Caller>()

  /** `null` personas: no keys are configured, so any non-empty key is accepted. */
  constructor (readonly personas: ReadonlyMap<string, Persona> | null) {
    this.#entries = personas === null ? [] : [...personas].map(([key, persona]) => ({ digest: digest(key), caller: Object.freeze({ id: callerId(key), persona }) }))
  }

  get restricted (): boolean {
    return this.personas !== null
  }

  /** How many presented keys are remembered (never more than KEY_CACHE_SIZE). */
  get cachedKeys (): number {
    return this.#digests.size + this.#openCallers.size
  }

  lookup (key: string): Caller | undefined {
    if (this.personas === null) return remembered(this.#openCallers, key, openCaller)
    const presented = remembered(this.#digests, key, digest)
    let found: Caller | undefined
    for (const entry of this.#entries) {
      if (timingSafeEqual(entry.digest, presented)) found = entry.caller
    }
    return found
  }
}

/** With no keys configured: the id costs a hash, and only rate limits and the abuse block read it. */
function openCaller (key: string): Caller {
  let id: string | undefined
  return Object.freeze({ get id () { return (id ??= callerId(key)) }, persona: OPEN_PERSONA })
}

function remembered<V> (cache: Map<string, V>, key: string, compute: (key: string) => V): V {
  let value = cache.get(key)
  if (value === undefined) {
    if (cache.size >= KEY_CACHE_SIZE) cache.clear()
    value = compute(key)
    cache.set(key, value)
  }
  return value
}
