// serve() on a real port, and the graceful close it gets on signals: in-flight requests finish, new ones are refused.
import { once } from 'node:events'
import t from './helpers/tap.js'
import type { Closable } from './helpers/fixtures.js'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { closeOnSignals, closeProblemLogger, serve, shutdown } from '../src/server.js'
import { builtInCatalog, KEY, testConfig } from './helpers/app.js'

t.test('serve listens on the configured host and port and serves the API', async t => {
  const app = await serve(testConfig({ port: 0, host: '127.0.0.1' }))
  t.teardown(() => app.close())
  const { address, port } = app.server.address() as { address: string, port: number }
  t.equal(address, '127.0.0.1')
  t.ok(port > 0)
  const response = await fetch(`http://127.0.0.1:${port}/api/v1/models?type=image`, { headers: { authorization: `Bearer ${KEY}` } })
  t.equal(response.status, 200)
  t.equal(((await response.json()) as { type: string }).type, 'image')
})

/** An app on a real port with a /slow route that answers when the test says so, and its log lines. */
async function slowServer (t: Closable) {
  const lines: Array<Record<string, unknown>> = []
  const logStream = { write: (line: string) => { lines.push(JSON.parse(line)) } }
  const app = await buildApp(testConfig({ logLevel: 'info', logFormat: 'json' }), { catalog: await builtInCatalog(), logStream })
  let finish = (): void => {}
  const finished = new Promise<void>(resolve => { finish = resolve })
  let arrived = (): void => {}
  const inRoute = new Promise<void>(resolve => { arrived = resolve })
  app.get('/slow', async () => {
    arrived()
    await finished
    return { done: true }
  })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  // Node stops listening the moment server.close() is called, long before its 'close' event (after the last request).
  const stoppedListening = new Promise<void>(resolve => {
    const close = app.server.close.bind(app.server)
    app.server.close = (callback?: (error?: Error) => void) => { const result = close(callback); resolve(); return result }
  })
  return { app, url, lines, finish, inRoute, stoppedListening }
}

t.test('the shutdown lets the in-flight request finish, refuses new connections, and logs why', async t => {
  const { app, url, lines, finish, inRoute, stoppedListening } = await slowServer(t)
  const inFlight = fetch(`${url}/slow`)
  await inRoute
  const closed = shutdown(app)({ signal: 'SIGTERM' })
  await stoppedListening
  await t.rejects(fetch(`${url}/healthz`), 'a new connection is refused once shutdown begins')
  finish()
  const response = await inFlight
  t.equal(response.status, 200)
  t.same(await response.json(), { done: true })
  await closed
  t.match(lines.slice(-2), [{ signal: 'SIGTERM', msg: 'shutting down: finishing in-flight requests' }, { msg: 'shut down cleanly' }])
})

t.test('an uncaught error is logged as fatal, with its stack, before the same graceful close', async t => {
  const { app, lines } = await slowServer(t)
  await shutdown(app)({ err: new Error('kaboom') })
  t.match(lines.slice(-2), [{ level: 60, err: { message: 'kaboom', stack: /kaboom/ }, msg: /uncaught error: shutting down/ }, { msg: 'shut down cleanly' }])
})

t.test('close-with-grace listens for signals and errors while the app is open, and no longer once it closed', async t => {
  const app = await buildApp(testConfig(), { catalog: await builtInCatalog() })
  const events = ['SIGTERM', 'SIGINT', 'uncaughtException', 'unhandledRejection'] as const
  const before = events.map(event => process.listenerCount(event))
  closeOnSignals(app, { graceMs: 1000 })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.same(events.map(event => process.listenerCount(event)), before.map(count => count + 1), 'one listener each')
  await Promise.all([app.close(), once(app.server, 'close')])
  t.same(events.map(event => process.listenerCount(event)), before, 'all removed')
})

t.test('close-with-grace\'s own messages reach the log: words as a line, a failed close with its error', async t => {
  const lines: Array<Record<string, unknown>> = []
  const app = await buildApp(testConfig({ logLevel: 'info', logFormat: 'json' }), { catalog: await builtInCatalog(), logStream: { write: (line: string) => { lines.push(JSON.parse(line)) } } })
  t.teardown(() => app.close())
  const logger = closeProblemLogger(app as FastifyInstance)
  logger.error('second SIGINT, exiting')
  logger.error(new Error('cannot close'))
  t.match(lines, [{ level: 50, msg: 'second SIGINT, exiting' }, { level: 50, msg: 'shutdown failed', err: { message: 'cannot close' } }])
})
