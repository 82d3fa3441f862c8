// Lets a shutting-down server end connections that carry no request, which would otherwise hold close() open.
import type { Server } from 'node:http'
import type { Socket } from 'node:net'

export interface ConnectionTracker {
  /** From now on: end every connection as soon as it has no request in flight (at once for those idle now). */
  drain: () => void
}

/**
 * Keep-alive connections, and connections a client opened ahead of need, stay open after `server.close()` until the
 * client's own timeout (seconds to minutes). Fastify's `forceCloseConnections: 'idle'` ends those idle at the moment
 * close starts, not those that become idle when their in-flight request is answered, so a graceful shutdown with a
 * keep-alive client would wait out that client's timeout. Counting requests per socket lets shutdown end exactly the
 * idle ones, then each busy one as soon as it is answered.
 */
export function trackConnections (server: Server): ConnectionTracker {
  const inFlight = new Map<Socket, number>()
  let draining = false
  server.on('connection', (socket: Socket) => {
    inFlight.set(socket, 0)
    socket.once('close', () => inFlight.delete(socket))
  })
  server.on('request', (request, response) => {
    const socket = request.socket
    inFlight.set(socket, (inFlight.get(socket) as number) + 1)
    response.once('close', () => {
      const left = (inFlight.get(socket) as number) - 1
      inFlight.set(socket, left)
      if (draining && left === 0) socket.end()
    })
  })
  return {
    drain: () => {
      draining = true
      for (const [socket, count] of inFlight) if (count === 0) socket.end()
    }
  }
}
