// Removes the keys the emulator knows (its API keys, persona keys, the admin key, the caller's own bearer key) from text it writes.

export const SCRUBBED = '[redacted]'

/**
 * Shorter keys are left alone: scrubbing a key such as `k` would mangle every message that contains the letter,
 * and a key that short protects nothing. Long enough for every real key format.
 */
export const MIN_SCRUBBED_LENGTH = 8

function escapeRegExp (text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

/** Decodes every valid %XX sequence (in any case) and leaves broken ones as they are, unlike decodeURIComponent. */
function lenientlyDecoded (text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text.replace(/(?:%[0-9a-f]{2})+/gi, sequence => {
      try {
        return decodeURIComponent(sequence)
      } catch {
        return sequence
      }
    })
  }
}

export class SecretScrubber {
  readonly #pattern: RegExp | null

  constructor (secrets: Iterable<string>) {
    // Longest first, so a key that contains another key is removed whole.
    const ordered = [...new Set([...secrets].filter(secret => secret.length >= MIN_SCRUBBED_LENGTH))].sort((a, b) => b.length - a.length)
    this.#pattern = ordered.length === 0 ? null : new RegExp(ordered.map(escapeRegExp).join('|'), 'g')
  }

  /**
   * The text without any configured key, nor `callerKey` (the bearer key of the request at hand, when long enough).
   * A text with percent-encoding is also checked decoded, so `sk%2Dlive...` cannot slip through; when that finds a
   * key, the decoded text is returned, scrubbed.
   */
  scrub (text: string, callerKey?: string | null): string {
    const scrubbed = this.#scrubRaw(text, callerKey)
    if (!scrubbed.includes('%')) return scrubbed
    const decoded = lenientlyDecoded(scrubbed)
    const decodedScrubbed = this.#scrubRaw(decoded, callerKey)
    return decodedScrubbed === decoded ? scrubbed : decodedScrubbed
  }

  #scrubRaw (text: string, callerKey: string | null | undefined): string {
    const result = this.#pattern === null ? text : text.replace(this.#pattern, SCRUBBED)
    return callerKey !== undefined && callerKey !== null && callerKey.length >= MIN_SCRUBBED_LENGTH && result.includes(callerKey)
      ? result.replaceAll(callerKey, SCRUBBED)
      : result
  }

  /** Only the caller's own key, for bodies sent back to that caller: naming configured keys would confirm a guess. */
  static scrubCallerKey (text: string, callerKey: string | null): string {
    return callerKey === null ? text : CALLER_ONLY.scrub(text, callerKey)
  }
}

const CALLER_ONLY = new SecretScrubber([])
