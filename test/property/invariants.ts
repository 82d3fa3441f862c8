// What every hostile-input test checks: the error shape, decoded bodies, a fingerprint of the served catalog, a bound on time.
import { createHash } from 'node:crypto'
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib'
import type { FastifyInstance, LightMyRequestResponse as InjectResponse } from 'fastify'
import { MODEL_TYPES } from '../../src/schemas/model-types.js'

/** The keys an error body of the live API (or of the admin API, which adds `problems`) may have. */
const ERROR_KEYS = new Set(['error', 'details', 'issues', 'problems'])

/** The body as the client reads it: precompressed answers are decoded by their Content-Encoding. */
export function decodedBody (response: Pick<InjectResponse, 'rawPayload' | 'headers'>): string {
  const encoding = String(response.headers['content-encoding'] ?? 'identity').toLowerCase()
  const raw = response.rawPayload
  if (encoding === 'gzip') return gunzipSync(raw).toString('utf8')
  if (encoding === 'br') return brotliDecompressSync(raw).toString('utf8')
  if (encoding === 'deflate') return inflateSync(raw).toString('utf8')
  return raw.toString('utf8')
}

/**
 * Why a response breaks the invariants of hostile input, or undefined when it keeps them: no 5xx, errors are JSON
 * `{"error": string, ...}` with only the live API's keys, JSON successes parse.
 */
export function brokenInvariant (method: string, response: Pick<InjectResponse, 'statusCode' | 'rawPayload' | 'headers'>): string | undefined {
  const status = response.statusCode
  if (status >= 500) return `status ${status}`
  if (status < 100) return `status ${status}`
  const noBody = method.toUpperCase() === 'HEAD' || status === 204 || status === 304
  if (noBody) return response.rawPayload.length === 0 ? undefined : `a ${status} to ${method} with a body`
  let text: string
  try {
    text = decodedBody(response)
  } catch (error) {
    return `a body that does not decode as ${String(response.headers['content-encoding'])}: ${(error as Error).message}`
  }
  const type = String(response.headers['content-type'] ?? '')
  if (status >= 400) {
    if (!type.startsWith('application/json')) return `error ${status} with content-type ${type}`
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return `error ${status} whose body is not JSON: ${text.slice(0, 200)}`
    }
    if (body === null || typeof body !== 'object' || Array.isArray(body)) return `error ${status} whose body is not an object`
    if (typeof (body as { error?: unknown }).error !== 'string') return `error ${status} without a string "error": ${text.slice(0, 200)}`
    const stray = Object.keys(body).filter(key => !ERROR_KEYS.has(key))
    if (stray.length > 0) return `error ${status} with keys the live API never sends: ${stray.join(', ')}`
    return undefined
  }
  if (type.startsWith('application/json')) {
    try {
      JSON.parse(text)
    } catch {
      return `a ${status} JSON answer that does not parse: ${text.slice(0, 200)}`
    }
  }
  return undefined
}

/** Every catalog answer and the health body, hashed: equal before and after means nothing the client sees changed. */
export async function catalogFingerprint (app: FastifyInstance, authorization: string): Promise<string> {
  const hash = createHash('sha256')
  const urls = [
    '/api/v1/models?type=all',
    '/api/v1/models?type=code',
    ...MODEL_TYPES.flatMap(type => [`/api/v1/models?type=${type}`, `/api/v1/models/traits?type=${type}`, `/api/v1/models/compatibility_mapping?type=${type}`]),
    '/api/v1/models/elevenlabs/scribe-v2'
  ]
  for (const url of urls) {
    const response = await app.inject({ url, headers: { authorization } })
    hash.update(`${url} ${response.statusCode}\n`).update(response.rawPayload)
  }
  hash.update((await app.inject({ url: '/healthz' })).rawPayload)
  return hash.digest('hex')
}

/** Resolves with the promise's value, or rejects when it takes longer than `ms`: a hang is a failure, not a stuck suite. */
export async function within<T> (ms: number, what: string, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms)
  })
  try {
    return await Promise.race([promise, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Own keys of Object.prototype (and Array.prototype) now; compare before and after to see prototype pollution. */
export function prototypeKeys (): string {
  return JSON.stringify([Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertyNames(Array.prototype).sort(), Object.getOwnPropertyNames(Function.prototype).sort()])
}

/** `npm run test:slow` sets this: the property tests then make their full number of runs. */
const SLOW_TESTS = process.env.VENICE_MOCK_SLOW_TESTS === '1'

/** The full count under `npm run test:slow`; a tenth of it (at least 10) in the everyday `npm test`, same seed. */
export function runs (full: number): number {
  return SLOW_TESTS ? full : Math.max(10, Math.round(full / 10))
}
