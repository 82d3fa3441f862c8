// The tester's controls on the API routes: abuse block, queued next responses, rate limits, `Prefer`, latency, random errors.
import type { OutgoingHttpHeaders } from 'node:http'
import { Socket } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import type { FastifyReply, FastifyRequest, onRequestHookHandler, onResponseHookHandler } from 'fastify'
import type { NextResponses, RequestFacts } from '../controls/next-responses.js'
import { parsePrefer, PreferenceError, type Fault, type Preferences } from '../controls/prefer-header.js'
import { ABUSE_MESSAGE, type AbuseGuard, type RateLimiter } from '../controls/rate-limiter.js'
import type { RuntimeSettings } from '../controls/runtime-settings.js'
import { API_ERROR_MESSAGES, ApiError, FORCED_MESSAGES } from '../errors/api-error.js'
import { JSON_CONTENT_TYPE } from '../http/content-types.js'
import { bearerKeyOf } from './bearer-auth.js'

/** How long `Prefer: fault=hang` keeps a connection open when the client does not give up first. */
export const MAX_HANG_MS = 60_000

/** The body `fault=malformed` sends: the start of a models list, cut off mid-value. */
export const MALFORMED_BODY = '{"object":"list","type":"text","data":[{"id":"'

export interface TestControlsOptions {
  settings: RuntimeSettings
  limiter: RateLimiter
  abuse: AbuseGuard
  /** Responses queued for the next matching requests (admin API, `mock.next`). */
  next: NextResponses
  /** Records answers the controls give without a reply (faults), for the journal. */
  onFault: (request: FastifyRequest, status: number, durationMs: number) => void
}

function forcedError (code: number, reply: FastifyReply): ApiError {
  const message = FORCED_MESSAGES[code]
  if (code === 400) return new ApiError(400, message, {}, { error: message, details: { _errors: [] }, issues: [] })
  if (code === 401) return new ApiError(401, message, { 'www-authenticate': 'Bearer' })
  if (code === 429) return new ApiError(429, message, { 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': String(reply.getHeader('x-ratelimit-reset-requests')) })
  return new ApiError(code, message)
}

/** The path as the routes read it: percent-decoded (`elevenlabs%2Fscribe-v2` is the id with a slash), no trailing slash. */
function matchablePath (raw: string): string {
  // Fastify has already refused a path that does not decode, so this cannot throw here.
  const path = decodeURIComponent(raw)
  return path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path
}

/** What the queue of next responses matches on; the query is parsed before onRequest. */
function factsOf (request: FastifyRequest): RequestFacts {
  const url = request.url
  const questionMark = url.indexOf('?')
  const type = (request.query as Record<string, unknown>).type
  return {
    method: request.method,
    path: matchablePath(questionMark === -1 ? url : url.slice(0, questionMark)),
    type: typeof type === 'string' ? type : undefined,
    key: bearerKeyOf(request)
  }
}

export class TestControls {
  /** Connections held open by `fault=hang`, closed when the server shuts down. */
  readonly hanging = new Set<{ destroy: () => unknown }>()
  /** Cuts every pending delay short when the server shuts down, so those requests are answered at once. */
  readonly #shutdown = new AbortController()

  constructor (private readonly options: TestControlsOptions) {}

  /** Runs after the bearer check: a plain request with nothing switched on goes through without a promise or a timer. */
  readonly onRequest: onRequestHookHandler = (request, reply, done) => {
    const { settings, next } = this.options
    const rateLimit = request.caller.persona.rateLimit ?? settings.rateLimit
    const prefer = settings.controls ? request.headers.prefer : undefined
    if (!settings.abuseBlock && rateLimit === null && prefer === undefined && next.size === 0 && settings.latency === null && settings.errorRate === 0) return done()
    this.apply(request, reply, rateLimit, prefer).then(() => done(), done)
  }

  /** Runs before the bearer check: an address blocked for failing too often gets nothing else, key or not. */
  readonly beforeAuth: onRequestHookHandler = (request, reply, done) => {
    if (!this.options.settings.abuseBlock) return done()
    done(this.blockedError(`ip:${request.ip}`, reply))
  }

  private blockedError (callerId: string, reply: FastifyReply): ApiError | undefined {
    const until = this.options.abuse.blockedUntil(callerId)
    if (until === undefined) return undefined
    const seconds = Math.max(1, Math.ceil((until - Date.now()) / 1000))
    reply.headers({ 'x-ratelimit-remaining-requests': '0', 'x-ratelimit-reset-requests': String(Math.ceil(until / 1000)), 'retry-after': String(seconds) })
    return new ApiError(429, ABUSE_MESSAGE)
  }

  /** Counts failures for the abuse block. */
  readonly onResponse: onResponseHookHandler = (request, reply, done) => {
    if (this.options.settings.abuseBlock && reply.statusCode >= 400) this.options.abuse.recordFailure(request.caller?.id ?? `ip:${request.ip}`)
    done()
  }

  private async apply (request: FastifyRequest, reply: FastifyReply, rateLimit: number | null, prefer: string | string[] | undefined): Promise<void> {
    const { settings, limiter, next } = this.options
    const blocked = settings.abuseBlock ? this.blockedError(request.caller.id, reply) : undefined
    if (blocked !== undefined) throw blocked
    // A Prefer header on the request wins: the queue keeps its entries for requests without one.
    const queued = prefer === undefined && next.size > 0 ? next.take(factsOf(request)) : undefined
    if (rateLimit !== null) {
      // A queued answer (code or fault) is the emulator's doing, not the client's: the limiter does not count it, but
      // its headers still show the caller's window.
      const counted = queued?.code === undefined && queued?.fault === undefined
      const decision = limiter.take(request.caller.id, rateLimit, counted)
      reply.headers({
        'x-ratelimit-limit-requests': String(decision.limit),
        'x-ratelimit-remaining-requests': String(decision.remaining),
        'x-ratelimit-reset-requests': String(decision.resetAt)
      })
      if (counted && !decision.allowed) throw new ApiError(429, API_ERROR_MESSAGES.rateLimited)
    }
    let preferences: Preferences
    try {
      preferences = queued ?? parsePrefer(prefer)
    } catch (error) {
      // parsePrefer throws only PreferenceError.
      throw new ApiError(400, (error as PreferenceError).message)
    }
    const delayMs = preferences.delayMs ?? settings.nextLatency()
    if (delayMs > 0) await sleep(delayMs, undefined, { signal: this.#shutdown.signal }).catch(() => undefined)
    if (preferences.fault !== undefined) return this.fault(preferences.fault, request, reply)
    if (preferences.code !== undefined) throw forcedError(preferences.code, reply)
    if (settings.nextIsFailure()) throw new ApiError(500, API_ERROR_MESSAGES.internal)
  }

  /** Takes the connection over from Fastify and misbehaves on it. */
  private fault (kind: Fault, request: FastifyRequest, reply: FastifyReply): void {
    reply.hijack()
    // A request made by app.inject (the MSW handlers) has no socket: ending its response is what ends its connection.
    const real = request.raw.socket instanceof Socket ? request.raw.socket : undefined
    const connection = real ?? reply.raw
    switch (kind) {
      case 'reset':
        this.options.onFault(request, 0, reply.elapsedTime)
        if (real === undefined) connection.destroy()
        else real.resetAndDestroy()
        return
      case 'empty':
        this.options.onFault(request, 0, reply.elapsedTime)
        connection.destroy()
        return
      case 'malformed':
        // A written answer reaches the journal through onResponse like any other.
        reply.raw.writeHead(200, { ...reply.getHeaders(), 'content-type': JSON_CONTENT_TYPE, 'content-length': Buffer.byteLength(MALFORMED_BODY) } as OutgoingHttpHeaders)
        reply.raw.end(MALFORMED_BODY)
        return
      case 'hang': {
        this.options.onFault(request, 0, reply.elapsedTime)
        this.hanging.add(connection)
        const timer = setTimeout(() => connection.destroy(), MAX_HANG_MS)
        // A client that gives up may only half-close; that is the end of the hang too.
        real?.once('end', () => real.destroy())
        connection.once('close', () => {
          clearTimeout(timer)
          this.hanging.delete(connection)
        })
      }
    }
  }

  /** The server is shutting down: end every hanging connection and answer every delayed request now. */
  release (): void {
    this.#shutdown.abort()
    for (const socket of this.hanging) socket.destroy()
  }
}
