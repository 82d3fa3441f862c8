// Words a rejected request part as the live API does: zod itself judges it against the route's own schema.
import type { ZodFormattedError, ZodIssue, ZodTypeAny } from 'zod'

/** The subset of JSON Schema (as TypeBox writes it) the project uses for request parameters and bodies. */
export interface ParamSchema {
  type?: string
  enum?: readonly string[]
  anyOf?: readonly ParamSchema[]
  minimum?: number
  maximum?: number
  pattern?: string
  properties?: Readonly<Record<string, ParamSchema>>
  required?: readonly string[]
  additionalProperties?: unknown
}

export interface ZodValidationBody {
  details: ZodFormattedError<unknown>
  issues: ZodIssue[]
}

type Z = typeof import('zod').z

// TypeBox validates the routes; zod is only needed to word a 400, so start-up never loads it.
let loading: Promise<Z> | undefined
const loadZod = async (): Promise<Z> => await (loading ??= import('zod').then(module => module.z))

/** Route schemas live as long as the app; each is translated once. */
const translated = new WeakMap<ParamSchema, ZodTypeAny>()

/** The zod schema the live API would write for this JSON Schema. */
function toZod (z: Z, schema: ParamSchema): ZodTypeAny {
  const known = translated.get(schema)
  if (known !== undefined) return known
  const result = translate(z, schema)
  translated.set(schema, result)
  return result
}

function translate (z: Z, schema: ParamSchema): ZodTypeAny {
  if (schema.anyOf !== undefined) {
    const [first, second, ...rest] = schema.anyOf.map(branch => toZod(z, branch))
    return z.union([first, second, ...rest])
  }
  if (schema.enum !== undefined) return z.enum(schema.enum as [string, ...string[]])
  switch (schema.type) {
    case 'object': {
      const shape = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([name, property]) => {
        const field = toZod(z, property)
        return [name, schema.required?.includes(name) === true ? field : field.optional()]
      }))
      // Unlisted keys are dropped unless the schema forbids them, as zod's default object strips them.
      return schema.additionalProperties === false ? z.object(shape).strict() : z.object(shape)
    }
    case 'string': return schema.pattern === undefined ? z.string() : z.string().regex(new RegExp(schema.pattern, 'u'))
    case 'integer': return bounded(z.number().int(), schema)
    case 'number': return bounded(z.number(), schema)
    case 'boolean': return z.boolean()
    case 'null': return z.null()
    default: return z.unknown()
  }
}

function bounded (number: import('zod').ZodNumber, schema: ParamSchema): import('zod').ZodNumber {
  const low = schema.minimum === undefined ? number : number.min(schema.minimum)
  return schema.maximum === undefined ? low : low.max(schema.maximum)
}

/** zod's issues and `error.format()` for `input` against `schema`; both empty when zod accepts it. */
export async function zodValidation (schema: ParamSchema, input: unknown): Promise<ZodValidationBody> {
  const result = toZod(await loadZod(), schema).safeParse(input)
  return result.success ? { details: { _errors: [] }, issues: [] } : { details: result.error.format(), issues: result.error.issues }
}
