// The rules a filled-in catalog value must keep so that typed clients of the live API (pydantic, C#, zod, serde) accept it.
// fixtures/README.md explains each rule; test/fixtures-rules.test.ts applies them to the built-in and example catalogs.

type Json = Record<string, any>

/** Fields typed as whole numbers by the SDKs: durations, counts, dimensions, steps, token and character limits. */
const INTEGER_PATHS = [
  'created', 'context_length',
  'model_spec.availableContextTokens', 'model_spec.maxCompletionTokens', 'model_spec.embeddingDimensions',
  'model_spec.maxInputTokens', 'model_spec.min_duration', 'model_spec.max_duration', 'model_spec.default_duration',
  'model_spec.prompt_character_limit', 'model_spec.min_prompt_length', 'model_spec.lyrics_character_limit',
  'model_spec.capabilities.maxImages', 'model_spec.capabilities.maxVideos',
  'model_spec.constraints.promptCharacterLimit', 'model_spec.constraints.steps.default', 'model_spec.constraints.steps.max',
  'model_spec.constraints.widthHeightDivisor', 'model_spec.constraints.maxStyleReferences',
  'model_spec.constraints.maxInputImages', 'model_spec.constraints.prompt_character_limit',
  'model_spec.voice_cloning.min_sample_seconds', 'model_spec.voice_cloning.retention_days',
  'model_spec.pricing.inputImages.included', 'model_spec.pricing.extended.context_token_threshold'
]

/** Fields whose only values are true and false (beside every `supports*` key, checked by name). */
const BOOLEAN_KEYS = new Set([
  'offline', 'beta', 'betaModel', 'uncensored', 'lyrics_required', 'audio', 'audio_configurable', 'video_input',
  'combineImages', 'singleImageAspectRatio', 'autoRemap', 'optimizedForCode'
])

const AUDIO_FORMATS = ['mp3', 'opus', 'aac', 'flac', 'wav', 'pcm']
const IMAGE_RESOLUTIONS = ['1K', '2K', '4K']
export const MODEL_SETS = ['venice_recommendations', 'high_resolution']
const MUSIC_FLAGS = ['supports_lyrics', 'lyrics_required', 'supports_force_instrumental', 'supports_loop', 'supports_language_code', 'supports_speed', 'supports_lyrics_optimizer']

function at (model: Json, path: string): unknown {
  return path.split('.').reduce<any>((node, key) => node?.[key], model)
}

/** Every boolean-named key below `node`, wherever it sits (constraints, capabilities, deprecation). */
function booleanProblems (node: unknown, path: string): string[] {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return []
  return Object.entries(node).flatMap(([key, value]) => {
    const here = `${path}.${key}`
    if ((/^supports/.test(key) || BOOLEAN_KEYS.has(key)) && typeof value !== 'boolean') return [`${here} must be a boolean, found ${JSON.stringify(value)}`]
    return key === 'pricing' ? [] : booleanProblems(value, here)
  })
}

/** `lower <= value <= upper` for the ones present; one line per broken pair. */
function ordered (id: string, pairs: Array<[string, unknown, string, unknown]>): string[] {
  return pairs.filter(([, a, , b]) => typeof a === 'number' && typeof b === 'number' && a > b)
    .map(([a, x, b, y]) => `${id}: ${a} (${String(x)}) must not exceed ${b} (${String(y)})`)
}

function oneOf (id: string, path: string, value: unknown, allowed: readonly unknown[] | undefined): string[] {
  return value === undefined || allowed?.includes(value) === true ? [] : [`${id}: ${path} ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`]
}

/** Value rules every catalog (built-in or a user's) should keep: types, enum-like values, consistent ranges. */
export function valueProblems (model: Json): string[] {
  const { id, type } = model
  const s: Json = model.model_spec ?? {}
  const c: Json = s.constraints ?? {}
  const problems: string[] = []
  for (const path of INTEGER_PATHS) {
    const value = at(model, path)
    if (value !== undefined && !(Number.isSafeInteger(value) && (value as number) >= 0)) problems.push(`${id}: ${path} must be a whole number, found ${JSON.stringify(value)}`)
  }
  for (const [name, tier] of Object.entries<Json>(s.pricing?.durations ?? {})) {
    for (const key of ['min_seconds', 'max_seconds']) if (!Number.isSafeInteger(tier[key])) problems.push(`${id}: pricing.durations.${name}.${key} must be a whole number`)
  }
  for (const [index, value] of (s.duration_options ?? []).entries()) {
    if (!Number.isSafeInteger(value)) problems.push(`${id}: model_spec.duration_options[${index}] must be a whole number, found ${JSON.stringify(value)}`)
  }
  problems.push(...booleanProblems(model, id))
  // Ranges: what a client computes a slider or a validator from.
  problems.push(...ordered(id, [
    ['min_duration', s.min_duration, 'default_duration', s.default_duration],
    ['default_duration', s.default_duration, 'max_duration', s.max_duration],
    ['min_speed', s.min_speed, 'default_speed', s.default_speed],
    ['default_speed', s.default_speed, 'max_speed', s.max_speed],
    ['min_prompt_length', s.min_prompt_length, 'prompt_character_limit', s.prompt_character_limit],
    ['steps.default', c.steps?.default, 'steps.max', c.steps?.max],
    ['maxCompletionTokens', s.maxCompletionTokens, 'availableContextTokens', s.availableContextTokens]
  ]))
  const durationKeys = ['min_duration', 'max_duration', 'default_duration'].filter(key => s[key] !== undefined)
  if (durationKeys.length % 3 !== 0) problems.push(`${id}: min_duration, max_duration and default_duration go together, found only ${durationKeys.join(', ')}`)
  const options: number[] = s.duration_options ?? []
  if (options.some((value, index) => index > 0 && value <= options[index - 1])) problems.push(`${id}: duration_options must ascend without repeats`)
  if (options.length > 0 && (options[0] < s.min_duration || options[options.length - 1] > s.max_duration || !options.includes(s.default_duration))) {
    problems.push(`${id}: duration_options must lie within min/max_duration and include default_duration`)
  }
  const tiers = Object.values<Json>(s.pricing?.durations ?? {})
  if (tiers.some(tier => tier.min_seconds > tier.max_seconds)) problems.push(`${id}: a duration price tier has min_seconds above max_seconds`)
  if (tiers.length > 0 && s.min_duration !== undefined && (Math.min(...tiers.map(tier => tier.min_seconds)) !== s.min_duration || Math.max(...tiers.map(tier => tier.max_seconds)) !== s.max_duration)) {
    problems.push(`${id}: the duration price tiers must span min_duration..max_duration`)
  }
  if ((s.supports_speed === true) !== (s.default_speed !== undefined)) problems.push(`${id}: default_speed (with min/max_speed) is given exactly when supports_speed is true`)
  if ([s.min_speed, s.default_speed, s.max_speed].some(value => value !== undefined && !(typeof value === 'number' && value > 0))) problems.push(`${id}: speeds must be positive numbers`)
  if (s.lyrics_required === true && s.supports_lyrics !== true) problems.push(`${id}: lyrics_required needs supports_lyrics`)
  if (s.supports_lyrics_optimizer === true && (s.supports_lyrics !== true || s.lyrics_required === true)) problems.push(`${id}: supports_lyrics_optimizer needs supports_lyrics and optional lyrics`)
  if (type === 'music' && (s.lyrics_character_limit !== undefined) !== (s.supports_lyrics === true)) problems.push(`${id}: lyrics_character_limit is given exactly when supports_lyrics is true`)
  // Defaults a client preselects must be among the offered values.
  problems.push(...oneOf(id, 'default_format', s.default_format, s.supported_formats))
  problems.push(...oneOf(id, 'default_voice', s.default_voice, s.voices))
  problems.push(...oneOf(id, 'constraints.defaultAspectRatio', c.defaultAspectRatio, c.aspectRatios))
  problems.push(...oneOf(id, 'constraints.defaultResolution', c.defaultResolution, c.resolutions))
  problems.push(...oneOf(id, 'constraints.defaultQuality', c.defaultQuality, c.qualities))
  problems.push(...oneOf(id, 'capabilities.defaultReasoningEffort', s.capabilities?.defaultReasoningEffort, s.capabilities?.reasoningEffortOptions))
  for (const format of s.supported_formats ?? []) problems.push(...oneOf(id, 'supported_formats[]', format, AUDIO_FORMATS))
  if (type === 'image' || type === 'inpaint') for (const resolution of c.resolutions ?? []) problems.push(...oneOf(id, 'constraints.resolutions[]', resolution, IMAGE_RESOLUTIONS))
  if ((c.qualities !== undefined) !== (s.pricing?.quality !== undefined)) problems.push(`${id}: constraints.qualities and pricing.quality come together`)
  for (const ratio of c.aspectRatios ?? c.aspect_ratios ?? []) if (!/^(\d+:\d+|auto)$/.test(ratio)) problems.push(`${id}: aspect ratio ${JSON.stringify(ratio)} is not W:H`)
  if (type === 'video') {
    for (const duration of c.durations ?? []) if (!/^\d+s$/.test(duration)) problems.push(`${id}: video duration ${JSON.stringify(duration)} is not whole seconds like "5s"`)
    for (const resolution of c.resolutions ?? []) if (!/^\d+p$/.test(resolution)) problems.push(`${id}: video resolution ${JSON.stringify(resolution)} is not like "720p"`)
  }
  if (type === 'inpaint' && (c.combineImages === true) !== (c.maxInputImages !== undefined)) problems.push(`${id}: maxInputImages is given exactly when combineImages is true`)
  if (type === 'text') {
    if (model.context_length !== s.availableContextTokens) problems.push(`${id}: context_length must mirror availableContextTokens`)
    if ((s.capabilities?.reasoningEffortOptions !== undefined) !== (s.capabilities?.supportsReasoningEffort === true)) problems.push(`${id}: reasoningEffortOptions are given exactly when supportsReasoningEffort is true`)
    if ((s.capabilities?.maxVideos !== undefined) !== (s.capabilities?.supportsVideoInput === true)) problems.push(`${id}: capabilities.maxVideos is given exactly when supportsVideoInput is true`)
    if (s.capabilities?.reasoningEffortOptions !== undefined && s.capabilities.defaultReasoningEffort === undefined) problems.push(`${id}: defaultReasoningEffort goes with reasoningEffortOptions`)
  }
  return problems
}

/** The built-in catalog's promise: every live extra that applies to the model's type is present and typed. */
export function liveExtraProblems (model: Json): string[] {
  const { id, type } = model
  const s: Json = model.model_spec
  const problems: string[] = []
  if (!Array.isArray(s.model_sets) || s.model_sets.some((set: unknown) => !MODEL_SETS.includes(set as string))) problems.push(`${id}: model_sets must be a list of ${MODEL_SETS.join(', ')}`)
  if (type === 'music') for (const flag of MUSIC_FLAGS) if (typeof s[flag] !== 'boolean') problems.push(`${id}: music flag ${flag} must be present as a boolean`)
  if (type === 'image' || type === 'inpaint') {
    for (const flag of ['supportsOptimizePromptThinking', 'supportsWebSearch']) if (typeof s[flag] !== 'boolean') problems.push(`${id}: ${flag} must be present as a boolean`)
  }
  if (type === 'video') {
    if (s.constraints.video_input !== (s.constraints.model_type === 'video')) problems.push(`${id}: constraints.video_input must be true exactly for model_type "video"`)
    if (!Number.isSafeInteger(s.constraints.prompt_character_limit)) problems.push(`${id}: constraints.prompt_character_limit must be present as a whole number`)
  }
  return problems
}
