// Serves the OpenAPI document generated from the route schemas, as JSON and as YAML; needs no key.
import type { FastifyPluginCallback } from 'fastify'
import { JSON_CONTENT_TYPE, YAML_CONTENT_TYPE } from '../http/content-types.js'
import { StandardError } from '../schemas/error-bodies.js'
import { Type } from '../schemas/typebox.js'

const documentRoute = (document: ReturnType<typeof Type.Object> | ReturnType<typeof Type.String>) => ({
  // The emulator's own document, not a call of the client under test: the journal leaves it out.
  config: { journal: false },
  schema: {
    hide: true,
    response: { 200: document, 500: Type.Ref(StandardError) }
  }
})

export const openapiDocumentRoutes: FastifyPluginCallback = (app, _options, done) => {
  // Built on first request and kept: building it at start-up would cost every start for a page few open.
  let json: Buffer | undefined
  let yaml: Buffer | undefined
  app.get('/openapi.json', documentRoute(Type.Object({}, { additionalProperties: true, description: 'OpenAPI 3.1 document' })), (_request, reply) => {
    json ??= Buffer.from(JSON.stringify(app.swagger(), null, 2))
    reply.type(JSON_CONTENT_TYPE).send(json)
  })
  app.get('/openapi.yaml', documentRoute(Type.String({ description: 'OpenAPI 3.1 document as YAML' })), (_request, reply) => {
    yaml ??= Buffer.from(app.swagger({ yaml: true }))
    reply.type(YAML_CONTENT_TYPE).send(yaml)
  })
  done()
}
