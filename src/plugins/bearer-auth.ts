// The `onRequest` bearer-key check of the API routes, in the three modes of VENICE_MOCK_AUTH.
import { createHash, timingSafeEqual } from 'node:crypto'
import type { onRequestHookHandler } from 'fastify'
import type { AuthMode } from '../config.js'
import { API_ERROR_MESSAGES, ApiError } from '../errors/api-error.js'

const BEARER = /^bearer +(\S+) *$/i

function digest (key: string): Buffer {
  return createHash('sha256').update(key).digest()
}

/**
 * Whether `candidate` is one of the keys, in time that depends on neither where nor whether it matches:
 * digests have a fixed length, and every key is compared.
 */
export function createKeyMatcher (keys: readonly string[] | null): (candidate: string) => boolean {
  if (keys === null) return () => true
  const digests = keys.map(digest)
  return (candidate) => {
    const candidateDigest = digest(candidate)
    let matched = false
    for (const known of digests) matched = timingSafeEqual(known, candidateDigest) || matched
    return matched
  }
}

function unauthorized (): ApiError {
  return new ApiError(401, API_ERROR_MESSAGES.unauthorized, { 'www-authenticate': 'Bearer' })
}

export function createBearerAuth (mode: AuthMode, keys: readonly string[] | null): onRequestHookHandler {
  const matches = createKeyMatcher(keys)
  return function checkBearerKey (request, _reply, done) {
    const header = request.headers.authorization
    if (mode === 'off' || (header === undefined && mode === 'optional')) return done()
    const key = header === undefined ? null : BEARER.exec(header)?.[1] ?? null
    done(key !== null && matches(key) ? undefined : unauthorized())
  }
}
