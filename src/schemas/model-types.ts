// The model type vocabulary of the Venice API: the nine concrete types and the two list-only filters.
import { StringEnum, Type, type Static } from './typebox.js'

export const MODEL_TYPES = ['asr', 'embedding', 'image', 'music', 'text', 'tts', 'upscale', 'inpaint', 'video'] as const
export const LIST_ONLY_FILTERS = ['all', 'code'] as const
export const LIST_FILTERS = [...MODEL_TYPES, ...LIST_ONLY_FILTERS] as const

export type ModelType = typeof MODEL_TYPES[number]
export type ListFilter = typeof LIST_FILTERS[number]

export function isModelType (value: unknown): value is ModelType {
  return typeof value === 'string' && (MODEL_TYPES as readonly string[]).includes(value)
}

export const ModelTypeSchema = StringEnum(MODEL_TYPES, { description: 'Model type', examples: ['text'] })

/** `anyOf` of the two enums, exactly as the reference declares the `type` filter of `GET /models`. */
export const ListFilterSchema = Type.Union([
  StringEnum(MODEL_TYPES),
  StringEnum(LIST_ONLY_FILTERS)
], { description: 'Filter models by type. Use "all" to get all model types.', examples: ['text'] })

export type ListFilterValue = Static<typeof ListFilterSchema>
