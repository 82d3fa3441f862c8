// The `onRequest` bearer-key check of the API routes: the auth mode of the moment, key personas, constant-time lookup.
import type { FastifyRequest, onRequestHookHandler } from 'fastify'
import { OPEN_PERSONA, type Caller, type KeyDirectory, type Persona } from '../controls/personas.js'
import type { RuntimeSettings } from '../controls/runtime-settings.js'
import { API_ERROR_MESSAGES, ApiError } from '../errors/api-error.js'

const BEARER = /^bearer +(\S+) *$/i

/** The key of an `Authorization: Bearer <key>` header (scheme case-insensitive), or null for anything else. */
function bearerToken (header: string | undefined): string | null {
  return header === undefined ? null : BEARER.exec(header)?.[1] ?? null
}

/**
 * The request's bearer key, parsed on first use and kept on the request: the bearer check, the journal, the log
 * serializer, error bodies and the admin check all read this one value.
 */
export function bearerKeyOf (request: FastifyRequest): string | null {
  if (request.bearerKey === undefined) request.bearerKey = bearerToken(request.headers.authorization)
  return request.bearerKey
}

/** The live API's answer to a missing, malformed or unknown key. */
export function authenticationFailed (message: string = API_ERROR_MESSAGES.unauthorized): ApiError {
  return new ApiError(401, message, { 'www-authenticate': 'Bearer' })
}

/** A caller without a key: counted per address (rate limit, abuse block); like live, never shown beta-only models or discounts. */
const KEYLESS: Persona = Object.freeze({ status: 'active', beta: false, rateLimit: undefined })

/** A caller counted by its address: one who sends no key, or anyone under `off`. */
function byAddress (request: FastifyRequest, persona: Persona): Caller {
  return { id: `ip:${request.ip}`, persona }
}

function refusal (persona: Persona | undefined): ApiError | undefined {
  if (persona === undefined) return authenticationFailed()
  if (persona.status === 'inactive') return authenticationFailed(API_ERROR_MESSAGES.inactive)
  if (persona.status === 'disabled') return new ApiError(403, API_ERROR_MESSAGES.disabled)
  return undefined
}

export function createBearerAuth (settings: RuntimeSettings, keys: KeyDirectory): onRequestHookHandler {
  // `off` ignores whatever is sent: everyone is the same caller, who sees every model unless keys are configured.
  const unchecked = keys.restricted ? KEYLESS : OPEN_PERSONA
  return function checkBearerKey (request, _reply, done) {
    const mode = settings.auth
    if (mode === 'off' || (mode === 'optional' && request.headers.authorization === undefined)) {
      request.caller = byAddress(request, mode === 'off' ? unchecked : KEYLESS)
      return done()
    }
    const key = bearerKeyOf(request)
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
    /** The key of the Authorization header (null: none or not a bearer key); undefined until bearerKeyOf reads it. */
    bearerKey: string | null | undefined
  }
}
