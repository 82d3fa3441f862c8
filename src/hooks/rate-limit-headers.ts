// The live API's rate-limit headers, sent on every response; the values are static until rate limiting exists.
export const RATE_LIMIT = {
  requestsPerMinute: 500,
  tokensPerMinute: 1_000_000
} as const

const WINDOW_MS = 60_000

export type RateLimitHeaders = Readonly<Record<string, string>>

/**
 * Returns the six headers for the current moment. The set is rebuilt at most once a second,
 * so the hot path reuses one object instead of formatting numbers per request.
 */
export function createRateLimitHeaders (now: () => number = Date.now): () => RateLimitHeaders {
  const limitRequests = String(RATE_LIMIT.requestsPerMinute)
  const remainingRequests = String(RATE_LIMIT.requestsPerMinute - 1)
  const limitTokens = String(RATE_LIMIT.tokensPerMinute)
  let validUntil = 0
  let headers: RateLimitHeaders = {}
  return function rateLimitHeaders () {
    const time = now()
    if (time >= validUntil) {
      const second = Math.floor(time / 1000) * 1000
      const windowEnd = (Math.floor(time / WINDOW_MS) + 1) * WINDOW_MS
      validUntil = second + 1000
      headers = Object.freeze({
        'x-ratelimit-limit-requests': limitRequests,
        'x-ratelimit-remaining-requests': remainingRequests,
        // The Unix time the request window ends, as the live API sends it.
        'x-ratelimit-reset-requests': String(windowEnd / 1000),
        'x-ratelimit-limit-tokens': limitTokens,
        'x-ratelimit-remaining-tokens': limitTokens,
        // Seconds until the token window ends.
        'x-ratelimit-reset-tokens': String((windowEnd - second) / 1000)
      })
    }
    return headers
  }
}
