// zod's own wording for route schemas, beyond what the routes exercise: the translation of each JSON Schema keyword.
import t from '../helpers/tap.js'
import { z } from 'zod'
import { zodValidation } from '../../src/errors/zod-issues.js'

/** What zod itself answers for a schema written by hand. */
function expected (schema: z.ZodTypeAny, input: unknown) {
  const result = schema.safeParse(input)
  return result.success ? { details: { _errors: [] }, issues: [] } : { details: result.error.format(), issues: result.error.issues }
}

const cases: Array<[string, Parameters<typeof zodValidation>[0], z.ZodTypeAny, unknown[]]> = [
  ['a string', { type: 'string' }, z.string(), [5, null, undefined, 'fine']],
  ['a pattern', { type: 'string', pattern: '^\\d+$' }, z.string().regex(/^\d+$/u), ['abc', '12']],
  ['an enum', { type: 'string', enum: ['a', 'b'] }, z.enum(['a', 'b']), ['c', 1, ['a', 'b'], 'a']],
  ['a union', { anyOf: [{ enum: ['x'] }, { enum: ['y'] }, { type: 'null' }] }, z.union([z.enum(['x']), z.enum(['y']), z.null()]), ['z', 'y', null]],
  ['bounded integers', { type: 'integer', minimum: 1, maximum: 5 }, z.number().int().min(1).max(5), [0, 6, 1.5, 'x', 3]],
  ['unbounded numbers and booleans', { anyOf: [{ type: 'number' }, { type: 'boolean' }] }, z.union([z.number(), z.boolean()]), ['1', 2, true]],
  ['anything', {}, z.unknown(), [42]],
  ['an object with a required field', {
    type: 'object',
    properties: { needed: { type: 'string' }, optional: { type: 'number', minimum: 0 } },
    required: ['needed']
  }, z.object({ needed: z.string(), optional: z.number().min(0).optional() }), [{}, { needed: 'x', optional: -1 }, [1], null, { needed: 'x', extra: 1 }]],
  ['a closed object', { type: 'object', properties: { a: { type: 'boolean' } }, additionalProperties: false },
    z.object({ a: z.boolean().optional() }).strict(), [{ a: 1, surprise: true }, {}]],
  ['an object without properties', { type: 'object' }, z.object({}), ['text']]
]

t.test('every keyword words its issues exactly as zod does', async t => {
  for (const [name, schema, zodSchema, inputs] of cases) {
    for (const input of inputs) {
      t.same(await zodValidation(schema, input), expected(zodSchema, input), `${name}: ${JSON.stringify(input)}`)
    }
  }
})

t.test('a schema is translated once and answers the same each time', async t => {
  const schema = { type: 'string', enum: ['a'] }
  const first = await zodValidation(schema, 'b')
  t.equal(first.issues[0].code, 'invalid_enum_value')
  t.same(await zodValidation(schema, 'b'), first)
})

t.test('a __proto__ key sent by a client is named as unrecognized and reaches no prototype', async t => {
  // Paths in issues come from the route schemas' own property names, so a client's key only ever appears in `keys`.
  const body = await zodValidation({ type: 'object', properties: { a: { type: 'boolean' } }, additionalProperties: false }, JSON.parse('{"__proto__": {"_errors": 1}, "a": 1}'))
  t.same(body.issues.map(issue => issue.code), ['invalid_type', 'unrecognized_keys'])
  t.same((body.issues[1] as { keys: string[] }).keys, ['__proto__'])
  t.equal(({} as any)._errors, undefined, 'Object.prototype is untouched')
})
