// Per-key request windows and the live API's block of callers that keep failing, in bounded memory.

export interface RateDecision {
  allowed: boolean
  limit: number
  remaining: number
  /** Unix seconds when this key's window ends. */
  resetAt: number
}

const WINDOW_MS = 60_000
// Below this many tracked keys nothing is swept: expired entries are dropped when their key comes back.
const SWEEP_AT = 4096
// A hard bound for a flood of distinct keys within one window. Past it the oldest entry is
// forgotten, which at worst hands that key a fresh window: acceptable for an emulator, unlike unbounded memory.
const MAX_TRACKED = 100_000

interface Window {
  endsAt: number
  taken: number
}

/**
 * Keys are opaque (the caller passes a hash of the API key) and never logged or returned.
 * The maps are kept in the order their entries started, so a sweep stops at the first live one.
 */
export class RateLimiter {
  private readonly windows = new Map<string, Window>()
  private readonly now: () => number

  constructor (now: () => number = Date.now) {
    this.now = now
  }

  get trackedKeys (): number {
    return this.windows.size
  }

  /** Counts one request against the key's window; `count: false` only reads the window (for answers the emulator forced). */
  take (key: string, limitPerMinute: number, count = true): RateDecision {
    if (!Number.isInteger(limitPerMinute) || limitPerMinute < 0) {
      throw new RangeError(`limitPerMinute must be a non-negative integer, got ${String(limitPerMinute)}`)
    }
    const time = this.now()
    let window = this.windows.get(key)
    if (window === undefined || time >= window.endsAt) {
      // Deleted and set again so that the map order stays the order windows started.
      this.windows.delete(key)
      bound(this.windows, time, w => w.endsAt)
      window = { endsAt: time + WINDOW_MS, taken: 0 }
      this.windows.set(key, window)
    }
    const allowed = window.taken < limitPerMinute
    if (allowed && count) window.taken++
    return {
      allowed,
      limit: limitPerMinute,
      remaining: Math.max(0, limitPerMinute - window.taken),
      // Rounded up, so a client that waits until resetAt is past the window.
      resetAt: Math.ceil(window.endsAt / 1000)
    }
  }

  clear (): void {
    this.windows.clear()
  }
}

export const ABUSE_THRESHOLD = 20
export const ABUSE_WINDOW_MS = 30_000
export const ABUSE_BLOCK_MS = 30_000
export const ABUSE_MESSAGE = 'Too many failed attempts (> 20) resulting in a non-success status code. Please wait 30s and try again.'

interface FailureRecord {
  /** The most recent failures, oldest first; never more than ABUSE_THRESHOLD + 1 of them. */
  failures: number[]
  blockedUntil: number
}

/** The live API's block: more than ABUSE_THRESHOLD failed requests within ABUSE_WINDOW_MS. */
export class AbuseGuard {
  private readonly callers = new Map<string, FailureRecord>()
  private readonly now: () => number

  constructor (now: () => number = Date.now) {
    this.now = now
  }

  get trackedCallers (): number {
    return this.callers.size
  }

  recordFailure (caller: string): void {
    const time = this.now()
    let record = this.callers.get(caller)
    // Deleted and set again so that the map order stays the order of each caller's last failure.
    this.callers.delete(caller)
    if (record === undefined) {
      bound(this.callers, time, expiryOf)
      record = { failures: [], blockedUntil: 0 }
    }
    this.callers.set(caller, record)
    const { failures } = record
    failures.push(time)
    while (failures.length > ABUSE_THRESHOLD + 1 || time - failures[0] >= ABUSE_WINDOW_MS) failures.shift()
    // Only the failure that crosses the threshold starts a block; failures during it do not extend it.
    if (failures.length > ABUSE_THRESHOLD && time >= record.blockedUntil) record.blockedUntil = time + ABUSE_BLOCK_MS
  }

  /** Epoch ms when the caller's block ends, or undefined when it is not blocked. */
  blockedUntil (caller: string): number | undefined {
    const record = this.callers.get(caller)
    if (record === undefined) return undefined
    const time = this.now()
    if (time < record.blockedUntil) return record.blockedUntil
    if (time >= expiryOf(record)) this.callers.delete(caller)
    return undefined
  }

  clear (): void {
    this.callers.clear()
  }
}

/** When a record no longer matters: its last failure has left the window and its block has ended. */
function expiryOf (record: FailureRecord): number {
  return Math.max(record.failures[record.failures.length - 1] + ABUSE_WINDOW_MS, record.blockedUntil)
}

/**
 * Makes room for one more entry in a map kept in start order. The sweep removes expired entries
 * from the front and stops at the first live one, so it costs only what it removes.
 */
function bound<V> (map: Map<string, V>, time: number, expiry: (value: V) => number): void {
  if (map.size < SWEEP_AT) return
  for (const [key, value] of map) {
    if (time < expiry(value) && map.size < MAX_TRACKED) break
    map.delete(key)
  }
}
