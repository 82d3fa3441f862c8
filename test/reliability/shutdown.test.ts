// SIGTERM with requests in flight: every accepted request is answered, new connections are refused, the process exits 0 in 5 s.
import { connect } from 'node:net'
import { setTimeout as sleep } from 'node:timers/promises'
import t from 'tap'
import { startServerProcess } from './server-process.js'

const IN_FLIGHT = 20

async function connectOutcome (port: number): Promise<'connected' | 'refused'> {
  return await new Promise(resolve => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => { socket.destroy(); resolve('connected') })
    socket.once('error', () => resolve('refused'))
  })
}

t.test('SIGTERM during delayed requests: all answered 200, then refused connections and exit 0 within 5 s', async t => {
  const server = await startServerProcess({ LOG_LEVEL: 'info', VENICE_MOCK_ADMIN_KEY: 'shutdown-admin' })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const port = Number(new URL(server.url).port)
  const requests = Array.from({ length: IN_FLIGHT }, async (_, index) => {
    const response = await fetch(`${server.url}/api/v1/models${index % 2 === 0 ? '?type=all' : '/elevenlabs/scribe-v2'}`, {
      headers: { authorization: 'Bearer shutdown-key', prefer: 'delay=3000' }
    })
    const body = await response.text()
    return { status: response.status, parses: (() => { try { JSON.parse(body); return true } catch { return false } })() }
  })
  // Long enough for every request to be read and parked in its delay.
  await sleep(700)
  const signalled = Date.now()
  server.child.kill('SIGTERM')
  const answers = await Promise.all(requests)
  t.same(answers.filter(answer => answer.status !== 200 || !answer.parses), [], `all ${IN_FLIGHT} in-flight requests answered 200 with a whole JSON body`)
  const [code] = await server.exited
  const took = Date.now() - signalled
  t.equal(code, 0, 'exit 0')
  t.ok(took < 5000, `exits within 5 s (${took} ms)`)
  t.equal(await connectOutcome(port), 'refused', 'a new connection is refused')
  t.match(server.output().stdout, /shutting down: finishing in-flight requests/)
  t.match(server.output().stdout, /shut down cleanly/)
})

t.test('after the signal, the listening socket is closed before in-flight requests finish', async t => {
  const server = await startServerProcess({ LOG_LEVEL: 'info' })
  t.teardown(() => { server.child.kill('SIGKILL') })
  const port = Number(new URL(server.url).port)
  // fault=hang keeps a request in flight until shutdown ends it, so the process is still alive while we knock.
  const hanging = fetch(`${server.url}/api/v1/models`, { headers: { authorization: 'Bearer k', prefer: 'fault=hang' } }).catch((error: unknown) => error)
  const delayed = fetch(`${server.url}/api/v1/models`, { headers: { authorization: 'Bearer k', prefer: 'delay=2000' } })
  await sleep(500)
  server.child.kill('SIGTERM')
  const deadline = Date.now() + 2000
  let outcome: string = 'connected'
  while (Date.now() < deadline && outcome === 'connected') {
    if (/shutting down/.test(server.output().stdout)) outcome = await connectOutcome(port)
    if (outcome === 'connected') await sleep(10)
  }
  t.equal(outcome, 'refused', 'new connections are refused once shutdown begins')
  t.equal((await delayed).status, 200, 'the delayed request is still answered')
  t.type(await hanging, Error, 'the hanging request is ended, not waited for')
  const [code] = await server.exited
  t.equal(code, 0)
})
