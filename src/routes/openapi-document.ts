// Serves the OpenAPI document generated from the route schemas, as JSON and as YAML; needs no key.
import type { FastifyPluginCallback } from 'fastify'

export const openapiDocumentRoutes: FastifyPluginCallback = (app, _options, done) => {
  // Built on first request: the document is complete only once every route is registered.
  let json: Buffer | undefined
  let yaml: Buffer | undefined
  app.get('/openapi.json', { schema: { hide: true } }, (_request, reply) => {
    json ??= Buffer.from(JSON.stringify(app.swagger(), null, 2))
    reply.type('application/json; charset=utf-8').send(json)
  })
  app.get('/openapi.yaml', { schema: { hide: true } }, (_request, reply) => {
    yaml ??= Buffer.from(app.swagger({ yaml: true }))
    reply.type('application/yaml; charset=utf-8').send(yaml)
  })
  done()
}
