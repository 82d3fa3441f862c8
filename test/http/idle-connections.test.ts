// The drain ends idle keep-alive connections at once and busy ones as soon as their last request is answered.
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import t from '../helpers/tap.js'
import type { Closable } from '../helpers/fixtures.js'
import { trackConnections } from '../../src/http/idle-connections.js'

/** A plain HTTP server whose /wait answers when the test says so, with its tracker. */
async function server (t: Closable) {
  const waiting: ServerResponse[] = []
  let requestArrived = (): void => {}
  const http = createServer((request, response) => {
    if (request.url === '/wait') {
      waiting.push(response)
      requestArrived()
    } else response.end('now')
  })
  const tracker = trackConnections(http)
  http.listen(0, '127.0.0.1')
  await once(http, 'listening')
  t.teardown(() => { http.closeAllConnections(); http.close() })
  const port = (http.address() as AddressInfo).port
  const open = async (): Promise<Socket> => {
    const socket = connect(port, '127.0.0.1')
    await Promise.all([once(socket, 'connect'), once(http, 'connection')])
    return socket
  }
  const arrived = async (): Promise<void> => await new Promise(resolve => { requestArrived = resolve })
  return { tracker, open, waiting, arrived }
}

/** Sends a keep-alive request and resolves with the raw answer once it ends with `body`. */
async function ask (socket: Socket, path: string, body: string): Promise<string> {
  socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`)
  return await new Promise(resolve => {
    let answer = ''
    const onData = (chunk: Buffer): void => {
      answer += String(chunk)
      if (answer.endsWith(`\r\n\r\n${body}`)) {
        socket.off('data', onData)
        resolve(answer)
      }
    }
    socket.on('data', onData)
  })
}

t.test('before the drain, an answered connection stays open for the next request', async t => {
  const { open } = await server(t)
  const socket = await open()
  t.teardown(() => socket.destroy())
  t.match(await ask(socket, '/now', 'now'), /200 OK[\s\S]*now/)
  t.match(await ask(socket, '/now', 'now'), /200 OK[\s\S]*now/, 'the same socket serves a second request')
})

t.test('the drain ends an idle connection at once', async t => {
  const { tracker, open } = await server(t)
  const idle = await open()
  const ended = once(idle, 'end')
  tracker.drain()
  await ended
  t.pass('the server ended the idle connection')
})

t.test('a connection with a request in flight is ended right after its answer, not before', async t => {
  const { tracker, open, waiting, arrived } = await server(t)
  const busy = await open()
  const answer = ask(busy, '/wait', 'late')
  await arrived()
  tracker.drain()
  waiting[0].end('late')
  // Had the drain ended this socket, the answer could not be written to it.
  t.match(await answer, /200 OK[\s\S]*late/, 'the in-flight request is answered')
  await once(busy, 'end')
  t.pass('then the server ends the connection')
})

t.test('no listener per request: idle connections end now, a busy one once its response is done', async t => {
  let hold: (response: ServerResponse) => void = () => {}
  const held = new Promise<ServerResponse>(resolve => { hold = resolve })
  const server = createServer((request, response) => {
    if (request.url === '/hold') hold(response)
    else response.end('quick')
  })
  const tracker = trackConnections(server)
  server.listen(0, '127.0.0.1')
  await once(server, 'listening')
  t.teardown(() => server.close())
  const { port } = server.address() as AddressInfo
  const open = async (path: string): Promise<Socket> => {
    const socket = connect(port, '127.0.0.1')
    await once(socket, 'connect')
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`)
    return socket
  }
  const idle = await open('/quick')
  await once(idle, 'data')
  const busy = await open('/hold')
  const heldResponse = await held
  t.equal(server.listenerCount('request'), 1, 'no listener of its own on requests')

  const idleEnded = once(idle, 'end')
  let busyEnded = false
  busy.once('end', () => { busyEnded = true })
  tracker.drain()
  await idleEnded
  t.pass('the idle keep-alive connection is ended')
  t.notOk(busyEnded, 'the busy one is kept while its request is in flight')
  const answer = once(busy, 'data')
  heldResponse.end('late')
  t.match(String((await answer)[0]), /late$/, 'its answer is sent whole')
  if (!busyEnded) await once(busy, 'end')
  t.pass('then it is ended')
})
