// Servers on 127.0.0.1 for the record and diff tests: a second emulator, and raw HTTP servers that misbehave.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { FastifyInstance } from 'fastify'
import type { Config } from '../../src/config.js'
import { appFor } from './app.js'
import type { Closable } from './fixtures.js'

/** A second emulator on a free port, serving the given fixture directory; resolves with its base URL. */
export async function emulatorAt (t: Closable, overrides: Partial<Config> = {}): Promise<{ app: FastifyInstance, url: string }> {
  const app = await appFor(t, overrides)
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  return { app, url }
}

/** A plain HTTP server on a free port; `handler` decides every answer. */
export async function httpServerAt (t: Closable, handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<string> {
  const server = createServer(handler)
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  t.teardown(() => new Promise(resolve => {
    server.closeAllConnections()
    server.close(resolve)
  }))
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`
}

/** A port nothing listens on. */
export async function closedPort (): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}
