// Serves the OpenAPI document generated from the route schemas, as JSON and as YAML; needs no key.
import type { FastifyPluginCallback } from 'fastify'
import { StandardError } from '../schemas/error-bodies.js'
import { Type } from '../schemas/typebox.js'

const documentResponses = (document: ReturnType<typeof Type.Object> | ReturnType<typeof Type.String>) => ({
  hide: true,
  response: { 200: document, 500: Type.Ref(StandardError) }
})

export const openapiDocumentRoutes: FastifyPluginCallback = (app, _options, done) => {
  // Built on first request: the document is complete only once every route is registered.
  let json: Buffer | undefined
  let yaml: Buffer | undefined
  app.get('/openapi.json', { schema: documentResponses(Type.Object({}, { additionalProperties: true, description: 'OpenAPI 3.1 document' })) }, (_request, reply) => {
    json ??= Buffer.from(JSON.stringify(app.swagger(), null, 2))
    reply.type('application/json; charset=utf-8').send(json)
  })
  app.get('/openapi.yaml', { schema: documentResponses(Type.String({ description: 'OpenAPI 3.1 document as YAML' })) }, (_request, reply) => {
    yaml ??= Buffer.from(app.swagger({ yaml: true }))
    reply.type('application/yaml; charset=utf-8').send(yaml)
  })
  done()
}
