// serve() on a real port and the graceful shutdown on signals: in-flight requests finish, new ones are refused.
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import type { FastifyInstance } from 'fastify'
import { buildApp } from '../src/app.js'
import { closeOnSignals, serve } from '../src/server.js'
import { KEY, testConfig } from './helpers/app.js'

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

async function slowServer (t: { teardown: (fn: () => unknown) => void }, delayMs: number): Promise<{ app: FastifyInstance, url: string }> {
  const app = await buildApp(testConfig())
  app.get('/slow', async () => {
    await sleep(delayMs)
    return { done: true }
  })
  const url = await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  return { app, url }
}

t.test('on a signal: the in-flight request finishes, new connections are refused, exit 0', async t => {
  const { app, url } = await slowServer(t, 300)
  const exits: number[] = []
  const listenersBefore = process.listenerCount('SIGUSR2')
  closeOnSignals(app, { exit: code => exits.push(code), signals: ['SIGUSR2'] })
  t.equal(process.listenerCount('SIGUSR2'), listenersBefore + 1)
  const inFlight = fetch(`${url}/slow`)
  await sleep(50)
  process.emit('SIGUSR2', 'SIGUSR2')
  process.emit('SIGUSR2', 'SIGUSR2')
  await sleep(50)
  await t.rejects(fetch(`${url}/healthz`), 'a new connection is refused once shutdown begins')
  const response = await inFlight
  t.equal(response.status, 200)
  t.same(await response.json(), { done: true })
  while (exits.length === 0) await sleep(10)
  t.same(exits, [0], 'exit 0, once, despite the second signal')
  t.equal(process.listenerCount('SIGUSR2'), listenersBefore, 'the signal listener is removed once closed')
})

t.test('requests outlasting the grace period make the process exit 1', async t => {
  const { app, url } = await slowServer(t, 400)
  const exits: number[] = []
  closeOnSignals(app, { exit: code => exits.push(code), signals: ['SIGUSR2'], graceMs: 50 })
  const inFlight = fetch(`${url}/slow`)
  await sleep(50)
  process.emit('SIGUSR2', 'SIGUSR2')
  await sleep(150)
  t.same(exits, [1])
  await inFlight
})

t.test('a failing close makes the process exit 1', async t => {
  const app = await buildApp(testConfig())
  t.teardown(() => app.close())
  const exits: number[] = []
  await app.listen({ port: 0, host: '127.0.0.1' })
  const failing = Object.create(app, { close: { value: async () => { throw new Error('cannot close') } } }) as FastifyInstance
  closeOnSignals(failing, { exit: code => exits.push(code), signals: ['SIGUSR2'] })
  process.emit('SIGUSR2', 'SIGUSR2')
  await sleep(20)
  t.same(exits, [1])
})
