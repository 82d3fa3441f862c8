// Removes the keys the emulator knows (its API keys, persona keys, the admin key, the caller's own bearer key) from text it writes.
import type { IncomingHttpHeaders } from 'node:http'

export const SCRUBBED = '[redacted]'

/**
 * Shorter keys are left alone: scrubbing a key such as `k` would mangle every message that contains the letter,
 * and a key that short protects nothing. Long enough for every real key format.
 */
export const MIN_SCRUBBED_LENGTH = 8

function escapeRegExp (text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** Each secret as it may appear: raw, percent-encoded (in a URL) and JSON-escaped (in a body). */
function forms (secret: string): string[] {
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])]
}

export class SecretScrubber {
  readonly #pattern: RegExp | null

  constructor (secrets: Iterable<string>) {
    const variants = new Set([...secrets].filter(secret => secret.length >= MIN_SCRUBBED_LENGTH).flatMap(forms))
    // Longest first, so a key that contains another key is removed whole.
    const ordered = [...variants].sort((a, b) => b.length - a.length)
    this.#pattern = ordered.length === 0 ? null : new RegExp(ordered.map(escapeRegExp).join('|'), 'g')
  }

  /** The text without any known secret, nor `callerKey` (the bearer key of the request at hand, when long enough). */
  scrub (text: string, callerKey?: string | null): string {
    let result = this.#pattern === null ? text : text.replace(this.#pattern, SCRUBBED)
    if (callerKey !== undefined && callerKey !== null && callerKey.length >= MIN_SCRUBBED_LENGTH) {
      for (const form of forms(callerKey)) result = result.replaceAll(form, SCRUBBED)
    }
    return result
  }

  /** The headers with every value scrubbed; the same object when nothing had to change, which is the usual case. */
  scrubHeaders (headers: IncomingHttpHeaders, callerKey?: string | null): IncomingHttpHeaders {
    let copy: IncomingHttpHeaders | undefined
    for (const [name, value] of Object.entries(headers)) {
      if (value === undefined) continue
      const scrubbed = Array.isArray(value) ? value.map(item => this.scrub(item, callerKey)) : this.scrub(value, callerKey)
      if (Array.isArray(value) ? (scrubbed as string[]).some((item, index) => item !== value[index]) : scrubbed !== value) {
        copy ??= { ...headers }
        copy[name] = scrubbed as string & string[]
      }
    }
    return copy ?? headers
  }
}
