// Fetches every models endpoint of a live Venice API (or another emulator), with clear errors for each way that fails.
import { MODEL_TYPES, type ModelType } from '../schemas/model-types.js'
import { plural } from '../plural.js'

export const DEFAULT_REMOTE_TIMEOUT_MS = 30_000

export class RemoteError extends Error {
  constructor (message: string) {
    super(message)
    this.name = 'RemoteError'
  }
}

export interface RemoteCatalog {
  /** The API root the paths were appended to, e.g. `https://api.venice.ai/api/v1`. */
  baseUrl: string
  /** The answer of `/models?type=all`, whose order is the live catalog order. */
  all: unknown
  lists: ReadonlyMap<ModelType, unknown>
  traits: ReadonlyMap<ModelType, unknown>
  compatibilityMapping: ReadonlyMap<ModelType, unknown>
}

export interface FetchOptions {
  baseUrl: string
  key?: string
  timeoutMs?: number
  /** Called with one line per request, for progress on stderr. */
  progress?: (line: string) => void
}

/** `http://host:4010` → `http://host:4010/api/v1`; a URL with a path is taken as the API root as it is. */
export function apiRoot (raw: string): string {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    throw new RemoteError(`${JSON.stringify(raw)} is not a URL; expected e.g. https://api.venice.ai/api/v1`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new RemoteError(`${raw} is not an http(s) URL`)
  const path = url.pathname.replace(/\/+$/, '')
  return `${url.origin}${path === '' ? '/api/v1' : path}`
}

function excerpt (text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat
}

function describe (body: unknown): string {
  const data = (body as { data?: unknown } | null)?.data
  if (Array.isArray(data)) return plural(data.length, 'model')
  if (data !== null && typeof data === 'object') return plural(Object.keys(data).length, 'entry', 'entries')
  return 'no data'
}

/** Messages may quote what a server or the HTTP client echoed; the key must never be part of them. */
function redactKey (text: string, key: string | undefined): string {
  return key === undefined || key === '' ? text : text.split(key).join('[redacted]')
}

async function getJson (url: string, options: FetchOptions): Promise<unknown> {
  try {
    return await getJsonUnredacted(url, options)
  } catch (error) {
    throw new RemoteError(redactKey((error as Error).message, options.key))
  }
}

async function getJsonUnredacted (url: string, options: FetchOptions): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_REMOTE_TIMEOUT_MS
  const started = Date.now()
  let response: Response
  let text: string
  try {
    response = await fetch(url, {
      headers: { accept: 'application/json', ...(options.key === undefined ? {} : { authorization: `Bearer ${options.key}` }) },
      signal: AbortSignal.timeout(timeoutMs)
    })
    text = await response.text()
  } catch (error) {
    const failure = error as Error & { cause?: { code?: string, message?: string } }
    if (failure.name === 'TimeoutError' || failure.name === 'AbortError') throw new RemoteError(`GET ${url}: no complete answer within ${timeoutMs} ms`)
    /* c8 ignore next: undici names the cause by code for every network failure a test can provoke */
    throw new RemoteError(`GET ${url}: cannot reach the server (${failure.cause?.code ?? failure.cause?.message ?? failure.message})`)
  }
  if (response.status === 401 || response.status === 403) {
    throw new RemoteError(`GET ${url}: ${response.status} ${excerpt(text)}: the key was refused or is missing; pass --key or set VENICE_API_KEY`)
  }
  if (!response.ok) throw new RemoteError(`GET ${url}: ${response.status} ${excerpt(text)}`)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new RemoteError(`GET ${url}: the answer is not JSON (content-type ${response.headers.get('content-type') ?? 'none'}): ${excerpt(text)}`)
  }
  options.progress?.(`GET ${url} → ${response.status}, ${describe(body)}, ${Date.now() - started} ms`)
  return body
}

/** Every models endpoint for every type: 28 requests, one after another, to go easy on the server. */
export async function fetchRemoteCatalog (options: FetchOptions): Promise<RemoteCatalog> {
  const baseUrl = apiRoot(options.baseUrl)
  const get = async (path: string) => await getJson(`${baseUrl}${path}`, options)
  const all = await get('/models?type=all')
  const lists = new Map<ModelType, unknown>()
  const traits = new Map<ModelType, unknown>()
  const compatibilityMapping = new Map<ModelType, unknown>()
  for (const type of MODEL_TYPES) lists.set(type, await get(`/models?type=${type}`))
  for (const type of MODEL_TYPES) traits.set(type, await get(`/models/traits?type=${type}`))
  for (const type of MODEL_TYPES) compatibilityMapping.set(type, await get(`/models/compatibility_mapping?type=${type}`))
  return { baseUrl, all, lists, traits, compatibilityMapping }
}
