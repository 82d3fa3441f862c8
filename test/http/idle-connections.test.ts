// Shutdown drain: idle keep-alive connections end at once, a busy one right after its answer, with no per-request listener.
import { once } from 'node:events'
import { createServer, type ServerResponse } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import t from 'tap'
import { trackConnections } from '../../src/http/idle-connections.js'

t.test('drain ends idle connections now and busy ones once their response is done', async t => {
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
