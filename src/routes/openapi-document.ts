// Serves the OpenAPI document generated from the route schemas, as JSON and as YAML; needs no key.
import type { FastifyPluginCallback } from 'fastify'
import { JSON_CONTENT_TYPE, YAML_CONTENT_TYPE } from '../http/content-types.js'
import { StandardError } from '../schemas/error-bodies.js'
import { Type } from '../schemas/typebox.js'

const documentResponses = (document: ReturnType<typeof Type.Object> | ReturnType<typeof Type.String>) => ({
  hide: true,
  response: { 200: document, 500: Type.Ref(StandardError) }
})

export const openapiDocumentRoutes: FastifyPluginCallback = (app, _options, done) => {
  // Built once the app is ready: only then is every route registered.
  let json = Buffer.alloc(0)
  let yaml = Buffer.alloc(0)
  app.addHook('onReady', (done) => {
    json = Buffer.from(JSON.stringify(app.swagger(), null, 2))
    yaml = Buffer.from(app.swagger({ yaml: true }))
    done()
  })
  app.get('/openapi.json', { schema: documentResponses(Type.Object({}, { additionalProperties: true, description: 'OpenAPI 3.1 document' })) }, (_request, reply) => {
    reply.type(JSON_CONTENT_TYPE).send(json)
  })
  app.get('/openapi.yaml', { schema: documentResponses(Type.String({ description: 'OpenAPI 3.1 document as YAML' })) }, (_request, reply) => {
    reply.type(YAML_CONTENT_TYPE).send(yaml)
  })
  done()
}
