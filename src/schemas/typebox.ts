// The one place the project imports TypeBox from, plus the StringEnum kind every schema file shares.
import { Kind, Type, TypeRegistry, type SchemaOptions, type Static, type TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'

export { Type, Kind, TypeCompiler }
export type { Static, TSchema }

/** A string enum rendered as `{type: string, enum: [...]}`, the form OpenAPI tools and the reference use. */
export interface TStringEnum<T extends readonly string[] = readonly string[]> extends TSchema {
  [Kind]: 'StringEnum'
  static: T[number]
  type: 'string'
  enum: T
}

// Teaches TypeBox's compiler the kind, so the same schema serves Fastify (ajv), OpenAPI and fast fixture checks.
TypeRegistry.Set<TStringEnum>('StringEnum', (schema, value) => typeof value === 'string' && schema.enum.includes(value))

export function StringEnum<const T extends readonly string[]> (values: T, options: SchemaOptions = {}): TStringEnum<T> {
  return { ...options, [Kind]: 'StringEnum', type: 'string', enum: values } as unknown as TStringEnum<T>
}
