// Requests Node's HTTP parser refuses (oversized headers, garbage, slow bodies) still get a JSON error in the API shape.
import { connect } from 'node:net'
import t from '../helpers/tap.js'
import { buildApp } from '../../src/app.js'
import { builtInCatalog, testConfig } from '../helpers/app.js'

async function rawExchange (port: number, request: string | Buffer, endAfterWrite = true): Promise<string> {
  return await new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(request)
      if (endAfterWrite) socket.end()
    })
    let answer = ''
    socket.on('data', chunk => { answer += String(chunk) })
    socket.on('close', () => resolve(answer))
    socket.on('error', reject)
  })
}

function parse (answer: string): { status: number, headers: Record<string, string>, body: unknown } {
  const [head, body] = answer.split('\r\n\r\n')
  const [statusLine, ...lines] = head.split('\r\n')
  const headers = Object.fromEntries(lines.map(line => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]))
  return { status: Number(statusLine.split(' ')[1]), headers, body: JSON.parse(body) }
}

t.test('oversized headers get 431 and garbage gets 400, as JSON with the rate-limit headers', async t => {
  const app = await buildApp(testConfig(), { catalog: await builtInCatalog() })
  await app.listen({ port: 0, host: '127.0.0.1' })
  t.teardown(() => app.close())
  const { port } = app.server.address() as { port: number }

  const oversized = parse(await rawExchange(port, `GET /api/v1/models HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`))
  t.equal(oversized.status, 431)
  t.same(oversized.body, { error: 'Request header fields are too large' })
  t.equal(oversized.headers['content-type'], 'application/json; charset=utf-8')
  t.equal(oversized.headers['x-ratelimit-limit-requests'], '500')

  const garbage = parse(await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n'))
  t.equal(garbage.status, 400)
  t.same(garbage.body, { error: 'Malformed HTTP request' })

  t.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200, 'the server is still healthy')
})

t.test('a request that times out is answered 408 in JSON; a reset connection is left alone', async t => {
  const { createClientErrorHandler } = await import('../../src/errors/error-handling.js')
  const written: string[] = []
  const socket = { writable: true, end: (text: string) => written.push(text), destroy: () => written.push('destroyed') }
  const handle = createClientErrorHandler(() => ({ 'x-ratelimit-limit-requests': '500' }))
  handle(Object.assign(new Error('timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT' }), socket as never)
  t.match(written[0], /^HTTP\/1\.1 408 Request Timeout\r\n/)
  t.match(written[0], /x-ratelimit-limit-requests: 500\r\n/)
  t.match(written[0], /\r\n\r\n\{"error":"Request timed out before it was complete"\}$/)
  handle(Object.assign(new Error('reset'), { code: 'ECONNRESET' }), socket as never)
  t.equal(written[1], 'destroyed', 'a reset connection is only destroyed')
})
