// CORS for browser front ends in development: which origins, methods and headers, and which response headers they may read.
import type { FastifyCorsOptions } from '@fastify/cors'

/** Response headers a browser script may read: what a client of the live API looks at, and the emulator's own. */
export const EXPOSED_HEADERS = [
  'x-ratelimit-limit-requests', 'x-ratelimit-remaining-requests', 'x-ratelimit-reset-requests',
  'x-ratelimit-limit-tokens', 'x-ratelimit-remaining-tokens', 'x-ratelimit-reset-tokens',
  'etag', 'retry-after', 'www-authenticate', 'allow'
]

/** Options of @fastify/cors for a list of allowed origins, or `*` for any. */
export function corsOptions (origins: '*' | readonly string[]): FastifyCorsOptions {
  return {
    origin: origins === '*' ? '*' : [...origins],
    // The admin API's methods too, so a browser test harness can drive it.
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    // allowedHeaders is left out on purpose: the preflight's own list is echoed, so Authorization, Prefer and the
    // x-stainless-* headers OpenAI's SDK adds in a browser are all allowed.
    exposedHeaders: EXPOSED_HEADERS,
    maxAge: 600,
    // A bare OPTIONS (no Origin) gets the same 204 as a preflight instead of @fastify/cors's plain-text 400.
    strictPreflight: false
  }
}
