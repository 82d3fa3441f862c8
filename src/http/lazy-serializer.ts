// Response serializers compiled on first use: the models routes answer with pre-serialized Buffers, so most never are.
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler'

type SerializerFactory = ReturnType<typeof SerializerSelector>

/** Fastify's own serializer factory, with each route's compilation put off until that route serializes a body. */
export function lazySerializerFactory (): SerializerFactory {
  const buildDefault = SerializerSelector()
  return (externalSchemas, options) => {
    const compile = buildDefault(externalSchemas, options)
    return (routeDefinition) => {
      let serialize: ((data: unknown) => string) | undefined
      return (data) => {
        serialize ??= compile(routeDefinition)
        return serialize(data)
      }
    }
  }
}
