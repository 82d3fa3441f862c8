// Runs the emulator as a server: build, listen, and shut down gracefully on SIGTERM/SIGINT.
import type { FastifyInstance } from 'fastify'
import { buildApp, type BuildOptions } from './app.js'
import type { Config } from './config.js'

/** How long in-flight requests get to finish after a shutdown signal before the process gives up on them. */
export const SHUTDOWN_GRACE_MS = 10_000

export async function serve (config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const app = await buildApp(config, options)
  const url = await app.listen({ port: config.port, host: config.host })
  const catalog = app.catalogStore.current
  app.log.info({ url, models: catalog.size, auth: config.auth, fixtures: config.fixturesDir },
    `venice-models-mock listening on ${url}/api/v1 with ${catalog.size} models (auth: ${config.auth})`)
  return app
}

export interface ShutdownOptions {
  exit?: (code: number) => void
  signals?: readonly NodeJS.Signals[]
  graceMs?: number
}

/**
 * On the first signal: stop accepting, let in-flight requests finish, then exit 0 (1 if they outlast the grace period).
 * The listeners go away when the app closes for any other reason.
 */
export function closeOnSignals (app: FastifyInstance, options: ShutdownOptions = {}): void {
  /* c8 ignore next: tests pass their own exit */
  const { exit = code => process.exit(code), signals = ['SIGTERM', 'SIGINT'], graceMs = SHUTDOWN_GRACE_MS } = options
  let closing = false
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closing) return
    closing = true
    app.log.info({ signal }, 'shutting down: finishing in-flight requests')
    const deadline = setTimeout(() => {
      app.log.error(`in-flight requests still running after ${graceMs} ms; exiting anyway`)
      exit(1)
    }, graceMs)
    deadline.unref()
    app.close().then(() => {
      clearTimeout(deadline)
      app.log.info('shut down cleanly')
      exit(0)
    }, (error: unknown) => {
      clearTimeout(deadline)
      app.log.error({ err: error }, 'shutdown failed')
      exit(1)
    })
  }
  for (const signal of signals) process.on(signal, onSignal)
  app.server.once('close', () => {
    for (const signal of signals) process.off(signal, onSignal)
  })
}
