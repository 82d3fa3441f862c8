// A bounded in-memory journal of the requests the emulator received: a ring buffer, so memory stays flat under load.
import { SecretScrubber } from '../http/secret-scrubber.js'

export interface JournalEntry {
  /** Increasing from 1 for the journal's lifetime; `clear()` does not reset it. */
  id: number
  /** ISO 8601 time the request arrived. */
  timestamp: string
  method: string
  /** The raw URL path, without the query. */
  path: string
  /** The query parsed with URLSearchParams; a repeated key gives an array. */
  query: Record<string, string | string[]>
  /** Lower-case names; credentials redacted. */
  headers: Record<string, string | string[]>
  status: number
  durationMs: number
}

export interface JournalInput {
  /** Epoch milliseconds when the request arrived. */
  startedAt: number
  method: string
  /** The raw request URL, query included. */
  url: string
  headers: Record<string, string | string[] | undefined>
  status: number
  durationMs: number
  /** The request's own bearer key, scrubbed like the configured ones. */
  callerKey?: string | null
}

export interface JournalFilter {
  /** Matches the path exactly, or as a prefix when it ends with `*`. */
  path?: string
  status?: number
  /** ISO 8601 or epoch milliseconds; entries that arrived at or after it. */
  since?: string | number
  /** At most this many entries; default 100, capped at the capacity. */
  limit?: number
}

/** Longest URL or header value kept; longer ones are cut and end in `...`. */
export const MAX_STORED_LENGTH = 8 * 1024
const DEFAULT_LIMIT = 100
const REDACTED = '[redacted]'
const SCHEME_HEADERS = new Set(['authorization', 'proxy-authorization'])
// Only registered schemes (plus common API-key ones) are kept: an unknown first word may be the
// credential itself, as in `Authorization: sk-live-1234 extra`.
const KNOWN_SCHEMES = new Set([
  'basic', 'bearer', 'digest', 'dpop', 'gnap', 'hoba', 'mutual', 'negotiate', 'ntlm', 'oauth',
  'privatetoken', 'concealed', 'scram-sha-1', 'scram-sha-256', 'vapid', 'aws4-hmac-sha256', 'token', 'apikey'
])
const SCHEME_AND_CREDENTIAL = /^[ \t]*([A-Za-z0-9-]+)[ \t]+\S/

interface Slot {
  id: number
  /** What the request left; turned into an entry only when someone reads the journal (see `add`). */
  input: JournalInput
  entry: JournalEntry | undefined
}

/** The stored entry of a slot, built on first read and kept; keys come out of the path, query and headers. */
function entryOf (slot: Slot, scrubber: SecretScrubber): JournalEntry {
  if (slot.entry !== undefined) return slot.entry
  const { input } = slot
  const scrub = (text: string): string => scrubber.scrub(text, input.callerKey)
  const { path, query } = splitUrl(input.url, scrub)
  // Frozen because list() hands out the stored objects themselves rather than copies.
  slot.entry = Object.freeze({
    id: slot.id,
    timestamp: new Date(input.startedAt).toISOString(),
    method: input.method,
    path,
    query,
    headers: storedHeaders(input.headers, scrub),
    status: input.status,
    durationMs: Math.round(input.durationMs * 100) / 100
  })
  return slot.entry
}

export class Journal {
  readonly capacity: number
  private readonly slots: Array<Slot | undefined>
  /** Where the next entry goes; the newest entry is just before it. */
  private head = 0
  private count = 0
  private nextId = 1

  private readonly scrubber: SecretScrubber

  /** `scrubber`: the keys to take out of every entry (by default only each request's own bearer key). */
  constructor (capacity: number, scrubber = new SecretScrubber([])) {
    this.scrubber = scrubber
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`Journal capacity must be an integer of at least 1, got ${String(capacity)}`)
    }
    this.capacity = capacity
    this.slots = new Array<Slot | undefined>(capacity).fill(undefined)
  }

  get size (): number {
    return this.count
  }

  /**
   * Keeps a request as it is. Parsing the query, copying and scrubbing the headers and formatting the time wait for
   * the first read: journals are written on every request and read rarely, and that work was a sixth of the
   * server's time per request. The input must not change afterwards (Node never changes a request's headers).
   */
  add (input: JournalInput): void {
    // A full ring reuses its slot objects, so a request leaves nothing but its input behind.
    const slot = this.slots[this.head]
    if (slot === undefined) {
      this.slots[this.head] = { id: this.nextId++, input, entry: undefined }
    } else {
      slot.id = this.nextId++
      slot.input = input
      slot.entry = undefined
    }
    this.head = (this.head + 1) % this.capacity
    if (this.count < this.capacity) this.count++
  }

  /** `add`, and the entry as `list()` will show it. */
  record (input: JournalInput): JournalEntry {
    this.add(input)
    return entryOf(this.slots[(this.head - 1 + this.capacity) % this.capacity] as Slot, this.scrubber)
  }

  /** Newest first. */
  list (filter: JournalFilter = {}): JournalEntry[] {
    const requested = filter.limit ?? DEFAULT_LIMIT
    if (!Number.isInteger(requested) || requested < 0) {
      throw new RangeError(`limit must be a non-negative integer, got ${String(requested)}`)
    }
    const limit = Math.min(requested, this.capacity)
    const since = filter.since === undefined ? undefined : sinceTime(filter.since)
    const matchesPath = pathMatcher(filter.path)
    const result: JournalEntry[] = []
    for (let i = 1; i <= this.count && result.length < limit; i++) {
      const slot = this.slots[(this.head - i + this.capacity) % this.capacity] as Slot
      // Entries are stored in completion order, not arrival order, so `since` filters instead of stopping early.
      if (since !== undefined && slot.input.startedAt < since) continue
      if (filter.status !== undefined && slot.input.status !== filter.status) continue
      const entry = entryOf(slot, this.scrubber)
      if (!matchesPath(entry.path)) continue
      result.push(entry)
    }
    return result
  }

  /** Returns how many entries were removed. */
  clear (): number {
    const removed = this.count
    this.slots.fill(undefined)
    this.head = 0
    this.count = 0
    return removed
  }
}

function sinceTime (since: string | number): number {
  const time = typeof since === 'number' ? since : Date.parse(since)
  if (Number.isNaN(time)) throw new RangeError(`since must be an ISO 8601 date or epoch milliseconds, got ${JSON.stringify(since)}`)
  return time
}

/** The journal filter's path rule: exact, or a prefix when the pattern ends with `*`. */
export function pathMatcher (pattern: string | undefined): (path: string) => boolean {
  if (pattern === undefined) return () => true
  if (pattern.endsWith('*')) {
    const prefix = pattern.slice(0, -1)
    return path => path.startsWith(prefix)
  }
  return path => path === pattern
}

/** Cuts at MAX_STORED_LENGTH, never between the two halves of a surrogate pair. */
function truncate (value: string): { value: string, truncated: boolean } {
  if (value.length <= MAX_STORED_LENGTH) return { value, truncated: false }
  const code = value.charCodeAt(MAX_STORED_LENGTH - 1)
  const end = code >= 0xd800 && code <= 0xdbff ? MAX_STORED_LENGTH - 1 : MAX_STORED_LENGTH
  return { value: value.slice(0, end), truncated: true }
}

function truncated (value: string): string {
  const cut = truncate(value)
  return cut.truncated ? `${cut.value}...` : value
}

function splitUrl (url: string, scrub: (text: string) => string): { path: string, query: Record<string, string | string[]> } {
  // The whole URL is cut before parsing, so a huge query cannot turn into many stored parameters.
  const cut = truncate(url)
  const questionMark = cut.value.indexOf('?')
  const marker = cut.truncated ? '...' : ''
  if (questionMark === -1) return { path: scrub(cut.value) + marker, query: Object.freeze(Object.create(null)) }
  const query: Record<string, string | string[]> = Object.create(null)
  // A null-prototype object, so a `__proto__` key is stored as data instead of changing the prototype.
  for (const [rawKey, rawValue] of new URLSearchParams(cut.value.slice(questionMark + 1) + marker)) {
    const key = scrub(rawKey)
    const value = scrub(rawValue)
    const existing = query[key]
    if (existing === undefined) query[key] = value
    else if (typeof existing === 'string') query[key] = [existing, value]
    else existing.push(value)
  }
  for (const value of Object.values(query)) if (Array.isArray(value)) Object.freeze(value)
  return { path: scrub(cut.value.slice(0, questionMark)), query: Object.freeze(query) }
}

function storedHeaders (headers: Record<string, string | string[] | undefined>, scrub: (text: string) => string): Record<string, string | string[]> {
  const stored: Record<string, string | string[]> = Object.create(null)
  for (const [rawName, value] of Object.entries(headers)) {
    if (value === undefined) continue
    const name = rawName.toLowerCase()
    const storedValue = Array.isArray(value) ? value.map(item => storedValueOf(name, item, scrub)) : storedValueOf(name, value, scrub)
    const existing = stored[name]
    // Names that differ only in case are one header; keep both values rather than drop one.
    stored[name] = existing === undefined ? storedValue : [existing, storedValue].flat()
  }
  for (const value of Object.values(stored)) if (Array.isArray(value)) Object.freeze(value)
  return Object.freeze(stored)
}

function storedValueOf (name: string, value: string, scrub: (text: string) => string): string {
  if (name === 'cookie') return REDACTED
  if (SCHEME_HEADERS.has(name)) return redactCredential(value)
  return truncated(scrub(value))
}

/** Keeps a known scheme word and nothing of what follows it. */
function redactCredential (value: string): string {
  const match = SCHEME_AND_CREDENTIAL.exec(value)
  if (match !== null && KNOWN_SCHEMES.has(match[1].toLowerCase())) return `${match[1]} ${REDACTED}`
  return REDACTED
}
