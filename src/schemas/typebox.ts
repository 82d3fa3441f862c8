// The one place the project imports TypeBox from, plus small schema builders shared by every schema file.
import { Type, type Static, type TSchema, type SchemaOptions, type TUnsafe } from '@sinclair/typebox'

export { Type }
export type { Static, TSchema }

/** A string enum rendered as `{type: string, enum: [...]}`, the form OpenAPI tools and the reference use. */
export function StringEnum<const T extends readonly string[]> (values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ ...options, type: 'string', enum: [...values] })
}
