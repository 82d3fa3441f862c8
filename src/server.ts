// Runs the emulator as a server: build, listen, and close gracefully on a signal or an uncaught error (close-with-grace).
import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildOptions } from './app.js'
import type { Config } from './config.js'
import { plural } from './plural.js'

/** How long in-flight requests get to finish after a shutdown signal before the process gives up on them. */
export const SHUTDOWN_GRACE_MS = 10_000

export async function serve (config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = await buildApp(config, options)
  const url = await app.listen({ port: config.port, host: config.host })
  const catalog = app.catalogStore.current
  app.log.info({ url, models: catalog.size, auth: config.auth, fixtures: config.fixturesDir },
    `venice-models-mock listening on ${url}/api/v1 with ${plural(catalog.size, 'model')} (auth: ${config.auth})`)
  return app
}

export interface ShutdownOptions {
  graceMs?: number
}

/** What close-with-grace tells its handler: the signal received, or the uncaught error. */
export interface ShutdownReason { signal?: string, err?: Error }

/** What a graceful close does, whatever started it: say why, stop accepting, let in-flight requests finish. */
export function shutdown (app: FastifyInstance): (reason: ShutdownReason) => Promise<void> {
  return async ({ signal, err }) => {
    if (err !== undefined) app.log.fatal({ err }, 'uncaught error: shutting down, finishing in-flight requests')
    else app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    await app.close()
    app.log.info('shut down cleanly')
  }
}

/** close-with-grace's own words (second signal, timeout) are strings; a failed close or a second error is an Error. */
export function closeProblemLogger (app: FastifyInstance): { error: (message: unknown) => void } {
  return {
    error: message => {
      if (message instanceof Error) app.log.error({ err: message }, 'shutdown failed')
      else app.log.error(String(message))
    }
  }
}

/**
 * The first signal (SIGTERM, SIGINT and the other terminating ones) or uncaught error closes the app, then exits:
 * 0 after a signal, 1 after an error, a failed close or requests outlasting `graceMs`. A second signal exits 1 at once,
 * for the developer pressing Ctrl-C twice. The listeners go away when the app closes for any other reason.
 */
export function closeOnSignals (app: FastifyInstance, options: ShutdownOptions = {}): void {
  const graceMs = options.graceMs ?? SHUTDOWN_GRACE_MS
  const handlers = closeWithGrace({
    delay: graceMs,
    logger: closeProblemLogger(app)
  }, shutdown(app))
  app.server.once('close', () => handlers.uninstall())
}
