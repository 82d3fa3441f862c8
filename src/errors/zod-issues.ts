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
  if (schema.type !== undefined && received !== schema.type) {
    const message = received === 'undefined' ? 'Required' : `Expected ${schema.type}, received ${received}`
    return [{ code: 'invalid_type', expected: schema.type, received, path, message }]
  }
  if (schema.enum !== undefined && !schema.enum.includes(value)) {
    const options = [...schema.enum]
    const message = `Invalid enum value. Expected ${options.map(quote).join(' | ')}, received ${quote(value)}`
    return [{ received: value, code: 'invalid_enum_value', options, path, message }]
  }
  return []
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
