// The `onRequest` bearer-key check of the API routes: the auth mode of the moment, key personas, constant-time lookup.
import type { FastifyRequest, onRequestHookHandler } from 'fastify'
import { OPEN_PERSONA, type Caller, type KeyDirectory, type Persona } from '../controls/personas.js'
import type { RuntimeSettings } from '../controls/runtime-settings.js'
import { API_ERROR_MESSAGES, ApiError } from '../errors/api-error.js'

const BEARER = /^bearer +(\S+) *$/i

/** The key of an `Authorization: Bearer <key>` header (scheme case-insensitive), or null for anything else. */
export function bearerToken (header: string | undefined): string | null {
  return header === undefined ? null : BEARER.exec(header)?.[1] ?? null
}

/** The live API's answer to a missing, malformed or unknown key. */
export function authenticationFailed (message: string = API_ERROR_MESSAGES.unauthorized): ApiError {
  return new ApiError(401, message, { 'www-authenticate': 'Bearer' })
}

/** A caller without a key, when the auth mode lets one in: counted per address; sees beta models only if nobody is restricted. */
const RESTRICTED_ANONYMOUS: Persona = Object.freeze({ status: 'active', beta: false, rateLimit: undefined })

function anonymous (request: FastifyRequest, keys: KeyDirectory): Caller {
  return { id: `ip:${request.ip}`, persona: keys.restricted ? RESTRICTED_ANONYMOUS : OPEN_PERSONA }
}

function refusal (persona: Persona | undefined): ApiError | undefined {
  if (persona === undefined) return authenticationFailed()
  if (persona.status === 'inactive') return authenticationFailed(API_ERROR_MESSAGES.inactive)
  if (persona.status === 'disabled') return new ApiError(403, API_ERROR_MESSAGES.disabled)
  return undefined
}

export function createBearerAuth (settings: RuntimeSettings, keys: KeyDirectory): onRequestHookHandler {
  return function checkBearerKey (request, _reply, done) {
    const header = request.headers.authorization
    const mode = settings.auth
    if (mode === 'off' || (header === undefined && mode === 'optional')) {
      request.caller = anonymous(request, keys)
      return done()
    }
    const key = bearerToken(header)
    const caller = key === null ? undefined : keys.lookup(key)
    const refused = refusal(caller?.persona)
    if (refused === undefined) request.caller = caller as Caller
    done(refused)
  }
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, set by the bearer check of the API routes. */
    caller: Caller
  }
}
