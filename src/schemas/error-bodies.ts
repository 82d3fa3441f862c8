// The error bodies of the live Venice API, shared by every route's response schema.
import { Type, type Static } from './typebox.js'

export const StandardError = Type.Object({
  error: Type.String({ description: 'A description of the error' })
}, { $id: 'StandardError', description: 'The body of every error except request validation failures' })

export const ZodIssue = Type.Object({
  code: Type.String(),
  path: Type.Array(Type.Union([Type.String(), Type.Number()])),
  message: Type.String()
}, { $id: 'ZodIssue', additionalProperties: true, description: 'One zod validation issue, as the live API lists them' })

export const DetailedError = Type.Object({
  error: Type.String({ description: 'A description of the error' }),
  details: Type.Object({}, {
    additionalProperties: true,
    description: 'Details about the incorrect input: a zod-style formatted error',
    examples: [{ _errors: [], type: { _errors: ["Invalid enum value. Expected 'asr' | 'embedding', received 'foo'"] } }]
  }),
  issues: Type.Array(Type.Ref(ZodIssue), { description: 'The zod issues behind `details`' })
}, { $id: 'DetailedError', description: 'The body of a 400 caused by invalid request parameters' })

export type StandardErrorBody = Static<typeof StandardError>
