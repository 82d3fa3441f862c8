// Lets a shutting-down server end connections that carry no request, which would otherwise hold close() open.
import type { Server, ServerResponse } from 'node:http'
import type { Socket } from 'node:net'

export interface ConnectionTracker {
  /** From now on: end every connection as soon as it has no request in flight (at once for those idle now). */
  drain: () => void
}

/** The response a connection is answering now; Node keeps it on the socket (`null` between requests). */
function currentResponse (socket: Socket): ServerResponse | null | undefined {
  return (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage
}

/** Ends the connection now if it is idle, else once its response (and any pipelined after it) is done. */
function endWhenIdle (socket: Socket): void {
  const response = currentResponse(socket)
  if (response === null || response === undefined) socket.end()
  else response.once('close', () => endWhenIdle(socket))
}

/**
 * Keep-alive connections, and connections a client opened ahead of need, stay open after `server.close()` until the
 * client's own timeout (seconds to minutes). Fastify's `forceCloseConnections: 'idle'` ends those idle at the moment
 * close starts, not those that become idle when their in-flight request is answered, so a graceful shutdown with a
 * keep-alive client would wait out that client's timeout. Only connections are tracked, not requests: whether one is
 * busy is read off the socket at shutdown, so a request costs nothing here (a listener per response was a few percent
 * of a 304), and shutdown ends exactly the idle ones, then each busy one as soon as it is answered.
 */
export function trackConnections (server: Server): ConnectionTracker {
  const sockets = new Set<Socket>()
  server.on('connection', (socket: Socket) => {
    sockets.add(socket)
    socket.once('close', () => sockets.delete(socket))
  })
  return {
    drain: () => {
      for (const socket of sockets) endWhenIdle(socket)
    }
  }
}
