// Adds the live API's rate-limit headers to every response; the values are static until rate limiting exists.
import type { onRequestHookHandler } from 'fastify'

export const RATE_LIMIT = {
  requestsPerMinute: 500,
  tokensPerMinute: 1_000_000
} as const

const WINDOW_MS = 60_000

export function createRateLimitHeaders (): onRequestHookHandler {
  const limitRequests = String(RATE_LIMIT.requestsPerMinute)
  const remainingRequests = String(RATE_LIMIT.requestsPerMinute - 1)
  const limitTokens = String(RATE_LIMIT.tokensPerMinute)
  let windowEnd = 0
  let resetRequests = ''
  let resetTokens = ''
  return function addRateLimitHeaders (_request, reply, done) {
    const now = Date.now()
    if (now >= windowEnd) {
      windowEnd = (Math.floor(now / WINDOW_MS) + 1) * WINDOW_MS
      resetRequests = String(windowEnd / 1000)
    }
    // Seconds until the token window resets, as the live API counts it.
    resetTokens = String(Math.ceil((windowEnd - now) / 1000))
    reply.headers({
      'x-ratelimit-limit-requests': limitRequests,
      'x-ratelimit-remaining-requests': remainingRequests,
      'x-ratelimit-reset-requests': resetRequests,
      'x-ratelimit-limit-tokens': limitTokens,
      'x-ratelimit-remaining-tokens': limitTokens,
      'x-ratelimit-reset-tokens': resetTokens
    })
    done()
  }
}
