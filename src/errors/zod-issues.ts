// Turns a rejected request parameter into the zod issues and formatted `details` the live API returns.
export interface ZodIssueBody {
  code: string
  path: Array<string | number>
  message: string
  [extra: string]: unknown
}

export interface ZodFormatted {
  _errors: string[]
  [field: string]: unknown
}

/** The subset of JSON Schema the project uses for request parameters. */
interface ParamSchema {
  type?: string
  enum?: readonly unknown[]
  anyOf?: readonly ParamSchema[]
  minimum?: number
  maximum?: number
  pattern?: string
}

function zodTypeOf (value: unknown): string {
  if (value === undefined) return 'undefined'
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}

function quote (value: unknown): string {
  return typeof value === 'string' ? `'${value}'` : String(value)
}

/** The issues zod reports for `value` against `schema`, or an empty list when it is valid. */
export function zodIssuesFor (schema: ParamSchema, value: unknown, path: Array<string | number>): ZodIssueBody[] {
  if (schema.anyOf !== undefined) {
    const unionErrors = []
    for (const branch of schema.anyOf) {
      const issues = zodIssuesFor(branch, value, path)
      if (issues.length === 0) return []
      unionErrors.push({ issues, name: 'ZodError' })
    }
    return [{ code: 'invalid_union', unionErrors, path, message: 'Invalid input' }]
  }
  const received = zodTypeOf(value)
  if (schema.enum !== undefined) {
    const options = [...schema.enum]
    const expected = options.map(quote).join(' | ')
    const optionType: string = typeof options[0]
    // z.enum words a wrong type with its options, keys in its own order.
    if (received !== optionType) return [{ expected, received, code: 'invalid_type', path, message: typeMessage(expected, received) }]
    if (!options.includes(value)) {
      return [{ received: value, code: 'invalid_enum_value', options, path, message: `Invalid enum value. Expected ${expected}, received ${quote(value)}` }]
    }
    return []
  }
  if (schema.pattern !== undefined && typeof value === 'string' && !new RegExp(schema.pattern, 'u').test(value)) {
    return [{ validation: 'regex', code: 'invalid_string', message: 'Invalid', path }]
  }
  const expectedType = schema.type === 'integer' ? 'number' : schema.type
  if (expectedType !== undefined && received !== expectedType) return [invalidType(schema.type as string, received, path)]
  if (schema.type === 'integer' && !Number.isInteger(value)) return [invalidType('integer', 'float', path)]
  if (schema.minimum !== undefined && (value as number) < schema.minimum) {
    return [{ code: 'too_small', minimum: schema.minimum, type: 'number', inclusive: true, exact: false, message: `Number must be greater than or equal to ${schema.minimum}`, path }]
  }
  if (schema.maximum !== undefined && (value as number) > schema.maximum) {
    return [{ code: 'too_big', maximum: schema.maximum, type: 'number', inclusive: true, exact: false, message: `Number must be less than or equal to ${schema.maximum}`, path }]
  }
  return []
}

function typeMessage (expected: string, received: string): string {
  return received === 'undefined' ? 'Required' : `Expected ${expected}, received ${received}`
}

/** zod's `invalid_type` issue of a primitive schema, keys in zod's order. */
function invalidType (expected: string, received: string, path: Array<string | number>): ZodIssueBody {
  return { code: 'invalid_type', expected, received, path, message: typeMessage(expected, received) }
}

/** zod's `error.format()`: messages grouped by path; a union contributes the messages of its branches. */
export function formatZodIssues (issues: readonly ZodIssueBody[]): ZodFormatted {
  const formatted: ZodFormatted = { _errors: [] }
  const visit = (issue: ZodIssueBody): void => {
    if (issue.code === 'invalid_union') {
      for (const unionError of issue.unionErrors as Array<{ issues: ZodIssueBody[] }>) unionError.issues.forEach(visit)
      return
    }
    let node = formatted
    for (const key of issue.path) {
      const field = String(key)
      // The path comes from schema property names, but an own-property check keeps `__proto__` from reaching the prototype.
      if (!Object.hasOwn(node, field)) Object.defineProperty(node, field, { value: { _errors: [] }, enumerable: true, writable: true })
      node = node[field] as ZodFormatted
    }
    node._errors.push(issue.message)
  }
  issues.forEach(visit)
  return formatted
}
