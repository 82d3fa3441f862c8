// createVeniceHandlers(): MSW 2 handlers that answer Venice API requests from the emulator itself, with no port.
import { http, HttpResponse, type HttpHandler } from 'msw'
import { buildApp } from './app.js'
import { loadConfig } from './config.js'
import { asFlags, inProcessControls, type InProcessControls, type StartMockOptions } from './start-mock.js'

export const DEFAULT_BASE_URL = 'https://api.venice.ai/api/v1'

/** Every `startMock` setting, plus the base URL the handlers answer under. */
export interface VeniceHandlersOptions extends StartMockOptions {
  /** Requests under `${baseUrl}/` are answered; default `https://api.venice.ai/api/v1`. */
  baseUrl?: string
}

/** The handlers, and the same controls as `startMock` gives: journal, setModels, next, nextResponses, reset, close. */
export interface VeniceHandlers extends InProcessControls {
  /** Give them to `setupServer(...handlers)` (msw/node) or `setupWorker(...handlers)`. */
  handlers: HttpHandler[]
}

/** Headers about the connection, which a Response built in memory has none of. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding'])

/**
 * Builds the same Fastify app as the server (never listening) and forwards each intercepted request through
 * `app.inject`: the answers, errors, headers and controls are the server's own, not a copy of its rules.
 */
export async function createVeniceHandlers (options: VeniceHandlersOptions = {}): Promise<VeniceHandlers> {
  const { catalog, baseUrl = DEFAULT_BASE_URL, ...settings } = options
  const base = new URL(baseUrl)
  const basePath = base.pathname.replace(/\/+$/, '')
  const config = loadConfig({ LOG_LEVEL: 'silent' }, asFlags(settings))
  const app = await buildApp(config, { catalog, journal: true })
  await app.ready()

  const handler = http.all(`${base.origin}${basePath}/*`, async ({ request }) => {
    const url = new URL(request.url)
    const headers = Object.fromEntries(request.headers)
    // fetch decompresses nothing that a handler returns: ask for the plain body, as a client that decoded it would see.
    delete headers['accept-encoding']
    const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : Buffer.from(await request.arrayBuffer())
    const response = await app.inject({
      method: request.method as 'GET',
      url: `/api/v1${url.pathname.slice(basePath.length)}${url.search}`,
      headers,
      // A client that gives up ends a Prefer: fault=hang, as it closes its connection to the server.
      signal: request.signal,
      ...(body === undefined ? {} : { payload: body })
    }).catch(() => undefined)
    // A fault that cuts the connection (Prefer: fault=reset or empty) is a network error to the client, as live.
    if (response === undefined) return HttpResponse.error()
    const answer = new Headers()
    // Fastify sends no header it has no value for.
    for (const [name, value] of Object.entries(response.headers as Record<string, string | number | string[]>)) {
      if (HOP_BY_HOP.has(name)) continue
      for (const item of [value].flat()) answer.append(name, String(item))
    }
    const empty = request.method === 'HEAD' || response.statusCode === 204 || response.statusCode === 304
    return new Response(empty ? null : response.rawPayload, { status: response.statusCode, statusText: response.statusMessage, headers: answer })
  })

  return { handlers: [handler], ...inProcessControls(app) }
}
