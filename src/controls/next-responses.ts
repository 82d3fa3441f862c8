// The queue of next responses: outcomes a test queues for the next N matching API requests ("fail twice, then succeed").
import { timingSafeEqual } from 'node:crypto'
import { StringEnum, Type, TypeCompiler, type Static, type TSchema } from '../schemas/typebox.js'
import { digest, keyFingerprint } from './personas.js'
import { pathMatcher } from './journal.js'
import { FAULTS, FORCEABLE_STATUSES, MAX_DELAY_MS, type Preferences } from './prefer-header.js'

/** At most this many entries wait at once, */
export const MAX_QUEUED_ENTRIES = 100
/** and at most this many uses in all (the sum of their `times`), so a test bug cannot grow the queue without limit. */
export const MAX_QUEUED_USES = 10_000

export const NextRespondSchema = Type.Object({
  // An integer with an enum reads better in the document than a union of literals; the queue checks the enum itself.
  code: Type.Optional(Type.Integer({ enum: [...FORCEABLE_STATUSES], description: 'Answer with this status and the live API\'s body for it (a 429 with its headers)' })),
  delay: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_DELAY_MS, description: 'Wait this many milliseconds first' })),
  fault: Type.Optional(StringEnum(FAULTS, { description: 'Break the connection or the body instead of answering' }))
}, { additionalProperties: false, minProperties: 1, description: 'What `Prefer` takes: code, delay, fault (a fault replaces the answer, so not with code)' })

export const NextMatchSchema = Type.Object({
  path: Type.Optional(Type.String({ minLength: 1, maxLength: 2048, pattern: '^/', description: 'Exact path (e.g. /api/v1/models), or a prefix ending in *' })),
  method: Type.Optional(Type.String({ minLength: 1, maxLength: 20, pattern: '^[A-Za-z]+$', description: 'e.g. GET; any case' })),
  type: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'The `type` query parameter as sent; a request without one does not match' })),
  key: Type.Optional(Type.String({ minLength: 1, maxLength: 1024, description: 'The bearer key; compared in constant time and never shown again' }))
}, { additionalProperties: false, description: 'Every part given must hold; none given: every API request matches' })

export const NextRequestSchema = Type.Object({
  respond: NextRespondSchema,
  times: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_QUEUED_USES, default: 1, description: 'How many matching requests get it' })),
  match: Type.Optional(NextMatchSchema)
}, { additionalProperties: false })

export const QueuedResponseSchema = Type.Object({
  id: Type.Integer({ description: 'Increasing from 1 in the order entries were queued' }),
  respond: NextRespondSchema,
  times: Type.Integer({ description: 'As queued' }),
  remaining: Type.Integer({ description: 'Uses left; the entry goes when it reaches 0' }),
  match: Type.Object({
    path: Type.Optional(Type.String()),
    method: Type.Optional(Type.String({ description: 'Upper case' })),
    type: Type.Optional(Type.String()),
    keyFingerprint: Type.Optional(Type.String({ description: 'sha256: and the first 12 hex digits of the key\'s SHA-256; never the key' }))
  })
}, { $id: 'QueuedResponse' })

export type NextRespond = Static<typeof NextRespondSchema>
export type NextMatch = Static<typeof NextMatchSchema>
export interface NextOptions {
  /** How many matching requests get the response (default 1). */
  times?: number
  /** Which requests: every part given must hold. */
  match?: NextMatch
}
export type QueuedResponse = Static<typeof QueuedResponseSchema>

/** What a request shows the queue: its method, path (no query; percent-decoded, no trailing slash), `type` query value and bearer key. */
export interface RequestFacts {
  method: string
  path: string
  type: string | undefined
  key: string | null
}

export interface NextProblem {
  /** Dotted, e.g. `respond.code`; empty for the body itself. */
  path: string
  message: string
}

/** A next response that cannot be queued as given: every problem, each naming its field. */
export class NextResponseError extends Error {
  constructor (readonly problems: readonly NextProblem[]) {
    super(`Invalid next response: ${problems.map(problem => `${problem.path === '' ? 'body' : problem.path}: ${problem.message}`).join('; ')}`)
    this.name = 'NextResponseError'
  }
}

/** The queue is at its bound; nothing was queued. */
export class QueueFullError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'QueueFullError'
  }
}

interface Entry {
  readonly view: QueuedResponse
  readonly preferences: Preferences
  readonly matchesPath: (path: string) => boolean
  readonly keyDigest: Buffer | undefined
  remaining: number
}

const checkRequest = TypeCompiler.Compile(NextRequestSchema)

/** TypeBox's wording, except for the enumerations, whose allowed values a reader needs. */
function messageFor (schema: TSchema & { enum?: readonly unknown[] }, message: string): string {
  return schema.enum === undefined ? message : `Expected one of ${schema.enum.join(', ')}`
}

function problemsOf (input: unknown): NextProblem[] {
  const problems: NextProblem[] = []
  for (const error of checkRequest.Errors(input)) {
    const path = error.path.split('/').filter(Boolean).join('.')
    // One problem per field: TypeBox may add a second, vaguer one for the same field.
    if (!problems.some(problem => problem.path === path)) problems.push({ path, message: messageFor(error.schema, error.message) })
  }
  const respond = (input as { respond?: Partial<Record<keyof NextRespond, unknown>> } | null)?.respond
  const code = respond?.code
  // TypeBox leaves `enum` on an integer to ajv.
  if (Number.isInteger(code) && !FORCEABLE_STATUSES.includes(code as number)) {
    problems.push({ path: 'respond.code', message: messageFor(NextRespondSchema.properties.code, 'not forceable') })
  }
  if (problems.length === 0 && code !== undefined && respond?.fault !== undefined) {
    problems.push({ path: 'respond', message: `code=${String(code)} and fault=${String(respond.fault)} together: a fault replaces the answer, so use one or the other` })
  }
  return problems
}

export class NextResponses {
  #entries: Entry[] = []
  #nextId = 1
  #uses = 0

  /** Entries waiting; 0 lets the request path skip the queue altogether. */
  get size (): number {
    return this.#entries.length
  }

  /** Queues `respond` for the next `times` matching requests; throws NextResponseError or QueueFullError. */
  add (input: unknown): QueuedResponse {
    const problems = problemsOf(input)
    if (problems.length > 0) throw new NextResponseError(problems)
    const { respond, times = 1, match = {} } = input as Static<typeof NextRequestSchema>
    if (this.#entries.length >= MAX_QUEUED_ENTRIES) throw new QueueFullError(`The next-responses queue already holds ${MAX_QUEUED_ENTRIES} entries, its limit; clear it (DELETE /__admin/next) or let them be used`)
    if (this.#uses + times > MAX_QUEUED_USES) throw new QueueFullError(`The next-responses queue would hold ${this.#uses + times} uses; its limit is ${MAX_QUEUED_USES} in all`)
    const keyDigest = match.key === undefined ? undefined : digest(match.key)
    const view: QueuedResponse = {
      id: this.#nextId++,
      respond: { ...respond },
      times,
      remaining: times,
      match: {
        ...(match.path === undefined ? {} : { path: match.path }),
        ...(match.method === undefined ? {} : { method: match.method.toUpperCase() }),
        ...(match.type === undefined ? {} : { type: match.type }),
        ...(keyDigest === undefined ? {} : { keyFingerprint: keyFingerprint(keyDigest) })
      }
    }
    const preferences: Preferences = Object.freeze({
      ...(respond.code === undefined ? {} : { code: respond.code }),
      ...(respond.delay === undefined ? {} : { delayMs: respond.delay }),
      ...(respond.fault === undefined ? {} : { fault: respond.fault })
    })
    this.#entries.push({ view, preferences, matchesPath: pathMatcher(match.path), keyDigest, remaining: times })
    this.#uses += times
    return this.#copy(this.#entries[this.#entries.length - 1])
  }

  /** The first entry, in queue order, that matches the request: one use of it is spent; undefined when none matches. */
  take (request: RequestFacts): Preferences | undefined {
    let presented: Buffer | undefined
    const index = this.#entries.findIndex(entry => {
      const { match } = entry.view
      // HEAD is GET without the body, as the routes treat it.
      if (match.method !== undefined && match.method !== request.method && !(match.method === 'GET' && request.method === 'HEAD')) return false
      if (match.type !== undefined && match.type !== request.type) return false
      if (!entry.matchesPath(request.path)) return false
      if (entry.keyDigest === undefined) return true
      if (request.key === null) return false
      presented ??= digest(request.key)
      return timingSafeEqual(entry.keyDigest, presented)
    })
    if (index === -1) return undefined
    const entry = this.#entries[index]
    entry.remaining--
    this.#uses--
    if (entry.remaining === 0) this.#entries.splice(index, 1)
    return entry.preferences
  }

  /** What is pending, in the order it will be used, with the uses left. */
  list (): QueuedResponse[] {
    return this.#entries.map(entry => this.#copy(entry))
  }

  /** Returns how many entries were removed. */
  clear (): number {
    const removed = this.#entries.length
    this.#entries = []
    this.#uses = 0
    return removed
  }

  #copy (entry: Entry): QueuedResponse {
    return { ...entry.view, respond: { ...entry.view.respond }, match: { ...entry.view.match }, remaining: entry.remaining }
  }
}
