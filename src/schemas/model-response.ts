// TypeBox translation of the reference `ModelResponse` schema: every property, every pricing and constraints branch.
import { ModelTypeSchema } from './model-types.js'
import { StringEnum, Type, type Static, type TSchema } from './typebox.js'

const REASONING_EFFORTS = ['none', 'minimal', 'low', 'medium', 'high', 'xhigh', 'max'] as const
const QUALITY_LEVELS = ['low', 'medium', 'high'] as const

/** `{usd, diem}`: the price pair every pricing branch is made of. Extra keys are allowed, as in the reference. */
function Price (description?: string) {
  return Type.Object({
    usd: Type.Number({ description: 'Price in USD' }),
    diem: Type.Number({ description: 'Price in Diem' })
  }, description === undefined ? {} : { description })
}

/** Open-ended map (`additionalProperties: <schema>`), e.g. resolution tier → price. */
function MapOf<T extends TSchema> (value: T, description: string) {
  return Type.Object({}, { additionalProperties: value, description })
}

const QualityMatrix = MapOf(Type.Object({
  low: Type.Optional(Price()),
  medium: Type.Optional(Price()),
  high: Type.Optional(Price())
}), 'Per-(resolution, quality) pricing. Only present for models that accept the `quality` request parameter (currently GPT Image 2 / GPT Image 2 Edit).')

const ResolutionPrices = (description: string) => MapOf(Price(), description)

const LlmPricing = Type.Object({
  input: Price('Cost per million input tokens'),
  cache_input: Type.Optional(Price('Cost per million cached input tokens (cache reads)')),
  cache_write: Type.Optional(Price('Cost per million cache creation tokens (cache writes)')),
  output: Price('Cost per million output tokens'),
  extended: Type.Optional(Type.Object({
    context_token_threshold: Type.Number({ description: 'Input token count above which extended pricing applies' }),
    input: Price(),
    output: Price(),
    cache_input: Type.Optional(Price()),
    cache_write: Type.Optional(Price())
  }, { description: 'Extended pricing for long-context requests exceeding the threshold.' }))
}, { title: 'LLM Model Pricing', description: 'Token-based pricing for chat models.' })

const ImagePricing = Type.Object({
  generation: Type.Optional(Price('Base pricing for image generation. Only present for models without resolution-specific pricing.')),
  resolutions: Type.Optional(ResolutionPrices('Resolution-specific pricing. Keys are resolution tiers (e.g. "1K", "2K", "4K"). When present, replaces `generation`.')),
  quality: Type.Optional(QualityMatrix),
  upscale: Type.Object({
    '2x': Price('Cost for 2x upscale'),
    '4x': Price('Cost for 4x upscale')
  })
}, { title: 'Image Model Pricing', description: 'Pricing for image generation and upscaling' })

const TtsPricing = Type.Object({
  input: Price('Cost per million input characters')
}, { title: 'TTS Model Pricing', description: 'Pricing for TTS models' })

const AsrPricing = Type.Object({
  per_audio_second: Price('Cost per audio second')
}, { title: 'ASR Model Pricing', description: 'Pricing for ASR (speech-to-text) models' })

const InpaintPricing = Type.Object({
  inpaint: Price('Cost per image edit/inpaint operation'),
  resolutions: Type.Optional(ResolutionPrices('Resolution-specific pricing. Only present for inpaint models that support resolution selection.')),
  inputImages: Type.Optional(Type.Object({
    included: Type.Number({ description: 'Number of input images included in the base price' }),
    additional: Price('Cost per additional input image beyond the included count')
  }, { description: 'Input-image pricing.' })),
  quality: Type.Optional(QualityMatrix)
}, { title: 'Inpaint Model Pricing', description: 'Pricing for image editing/inpainting models' })

const MusicGenerationPricing = Type.Object({
  generation: Price('Cost per music generation')
}, { title: 'Music Generation Pricing' })

const MusicDurationPricing = Type.Object({
  durations: MapOf(Type.Object({
    usd: Type.Number(),
    diem: Type.Number(),
    min_seconds: Type.Number({ description: 'Minimum duration (inclusive) in seconds of this tier' }),
    max_seconds: Type.Number({ description: 'Maximum duration (inclusive) in seconds of this tier' })
  }), 'Duration tier → price')
}, { title: 'Music Duration Pricing' })

const MusicPerSecondPricing = Type.Object({
  per_second: Price('Cost per second of generated music')
}, { title: 'Music Per-Second Pricing' })

const PerThousandCharactersPricing = Type.Object({
  per_thousand_characters: Price('Cost per thousand characters')
}, { title: 'Per-Thousand-Characters Pricing' })

export const PRICING_BRANCHES = [
  LlmPricing, ImagePricing, TtsPricing, AsrPricing, InpaintPricing,
  MusicGenerationPricing, MusicDurationPricing, MusicPerSecondPricing, PerThousandCharactersPricing
] as const

const Pricing = Type.Union([...PRICING_BRANCHES], { description: 'Pricing details for the model' })

const StepRange = Type.Object({
  default: Type.Number({ description: 'The default steps value for the model' }),
  max: Type.Number({ description: 'The maximum supported steps value for the model' })
})

const DefaultValue = (description: string) => Type.Object({ default: Type.Number({ description }) })

const ImageConstraints = Type.Object({
  aspectRatios: Type.Optional(Type.Array(Type.String(), { description: 'Supported aspect ratio options' })),
  defaultAspectRatio: Type.Optional(Type.String()),
  defaultResolution: Type.Optional(Type.String()),
  resolutions: Type.Optional(Type.Array(Type.String())),
  defaultQuality: Type.Optional(StringEnum(QUALITY_LEVELS)),
  qualities: Type.Optional(Type.Array(StringEnum(QUALITY_LEVELS))),
  promptCharacterLimit: Type.Number({ description: 'The maximum supported prompt length.' }),
  steps: StepRange,
  widthHeightDivisor: Type.Number({ description: 'Width and height must be divisible by this value.' }),
  maxStyleReferences: Type.Optional(Type.Number()),
  supportsStyleReferenceStrength: Type.Optional(Type.Boolean())
}, { title: 'Image Model Constraints', description: 'Constraints that apply to image models.' })

const TextConstraints = Type.Object({
  temperature: DefaultValue('The default temperature value for the model'),
  top_p: DefaultValue('The default top_p value for the model'),
  frequency_penalty: Type.Optional(DefaultValue('The default frequency_penalty value for the model')),
  presence_penalty: Type.Optional(DefaultValue('The default presence_penalty value for the model')),
  repetition_penalty: Type.Optional(DefaultValue('The default repetition_penalty value for the model'))
}, { title: 'Text Model Constraints', description: 'Constraints that apply to text models.' })

const VideoConstraints = Type.Object({
  aspect_ratios: Type.Array(Type.String()),
  resolutions: Type.Array(Type.String()),
  durations: Type.Array(Type.String()),
  model_type: StringEnum(['image-to-video', 'text-to-video', 'video'] as const),
  audio: Type.Boolean({ description: 'Does the model support audio generation?' }),
  audio_configurable: Type.Boolean({ description: 'Can audio be enabled or disabled for the video generation?' }),
  prompt_character_limit: Type.Optional(Type.Number({ description: 'Maximum prompt length; 2500 when absent.' })),
  // Live extra (not in the published excerpt): see LIVE_EXTRAS in the schema test.
  video_input: Type.Optional(Type.Boolean({ description: 'Does the model take a video as input?' }))
}, { title: 'Video Model Constraints', description: 'Constraints that apply to video models.' })

const InpaintConstraints = Type.Object({
  aspectRatios: Type.Array(Type.String()),
  promptCharacterLimit: Type.Number(),
  combineImages: Type.Boolean({ description: 'Whether this model supports combining multiple input images.' }),
  maxInputImages: Type.Optional(Type.Integer({ exclusiveMinimum: 0 })),
  singleImageAspectRatio: Type.Optional(Type.Boolean()),
  defaultResolution: Type.Optional(Type.String()),
  resolutions: Type.Optional(Type.Array(Type.String())),
  defaultQuality: Type.Optional(StringEnum(QUALITY_LEVELS)),
  qualities: Type.Optional(Type.Array(StringEnum(QUALITY_LEVELS)))
}, { title: 'Inpaint Model Constraints', description: 'Constraints that apply to inpaint/edit models.' })

export const CONSTRAINTS_BRANCHES = [ImageConstraints, TextConstraints, VideoConstraints, InpaintConstraints] as const

const Constraints = Type.Union([...CONSTRAINTS_BRANCHES], { description: 'Constraints that apply to this model.' })

const Capabilities = Type.Object({
  optimizedForCode: Type.Boolean(),
  quantization: StringEnum(['fp4', 'fp8', 'fp16', 'bf16', 'int8', 'int4', 'not-available'] as const),
  supportsFunctionCalling: Type.Boolean(),
  supportsAudioInput: Type.Boolean(),
  supportsReasoning: Type.Boolean(),
  supportsReasoningEffort: Type.Boolean(),
  reasoningEffortOptions: Type.Optional(Type.Array(StringEnum(REASONING_EFFORTS))),
  defaultReasoningEffort: Type.Optional(StringEnum(REASONING_EFFORTS)),
  supportsResponseSchema: Type.Boolean(),
  supportsMultipleImages: Type.Boolean(),
  maxImages: Type.Optional(Type.Number()),
  maxVideos: Type.Optional(Type.Number()),
  supportsVision: Type.Boolean(),
  supportsVideoInput: Type.Boolean(),
  supportsWebSearch: Type.Boolean(),
  supportsLogProbs: Type.Boolean(),
  supportsTeeAttestation: Type.Boolean(),
  supportsE2EE: Type.Boolean(),
  supportsXSearch: Type.Boolean()
}, { additionalProperties: false, description: 'Text model specific capabilities.' })

const Deprecation = Type.Object({
  autoRemap: Type.Boolean(),
  date: Type.String({ description: 'Legacy ISO 8601 instant of the deprecation sunset' }),
  removesAt: Type.String({ description: 'ISO 8601 instant when this model ID leaves public listings' }),
  replacementModelId: Type.Optional(Type.String()),
  startsAt: Type.Optional(Type.String())
}, { description: 'Deprecation information. Only present for models scheduled to be retired' })

const VoiceCloning = Type.Object({
  mode: StringEnum(['zero_shot', 'persistent'] as const),
  accepted_formats: Type.Array(Type.String()),
  min_sample_seconds: Type.Number(),
  retention_days: Type.Number()
}, { additionalProperties: false, title: 'TTS Voice Cloning', description: 'Voice-cloning capability. Only present for TTS models whose cloning endpoint is available.' })

const ModelSpec = Type.Object({
  availableContextTokens: Type.Optional(Type.Number({ description: 'Context length. Only for text models.' })),
  maxCompletionTokens: Type.Optional(Type.Number({ description: 'Upper bound of max_completion_tokens. Only for text models.' })),
  beta: Type.Optional(Type.Boolean({ description: 'Restricted to beta users only?' })),
  betaModel: Type.Optional(Type.Boolean({ description: 'Is this model in beta status?' })),
  privacy: StringEnum(['private', 'anonymized'] as const),
  regionRestrictions: Type.Optional(Type.Array(Type.String(), { description: 'Country codes where this model is intended to be available' })),
  deprecation: Type.Optional(Deprecation),
  capabilities: Type.Optional(Capabilities),
  constraints: Type.Optional(Constraints),
  supportsStyleReferences: Type.Optional(Type.Boolean()),
  description: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  modelSource: Type.Optional(Type.String()),
  offline: Type.Optional(Type.Boolean({ default: false })),
  pricing: Type.Optional(Pricing),
  traits: Type.Optional(Type.Array(Type.String())),
  uncensored: Type.Optional(Type.Boolean()),
  embeddingDimensions: Type.Optional(Type.Number()),
  maxInputTokens: Type.Optional(Type.Number()),
  supportsCustomDimensions: Type.Optional(Type.Boolean()),
  supports_lyrics: Type.Optional(Type.Boolean()),
  lyrics_required: Type.Optional(Type.Boolean()),
  supports_force_instrumental: Type.Optional(Type.Boolean()),
  supports_loop: Type.Optional(Type.Boolean()),
  voices: Type.Optional(Type.Array(Type.String())),
  voice_cloning: Type.Optional(VoiceCloning),
  default_voice: Type.Optional(Type.String()),
  supports_custom_voice_id: Type.Optional(Type.Boolean()),
  supports_language_code: Type.Optional(Type.Boolean()),
  supports_speed: Type.Optional(Type.Boolean()),
  default_speed: Type.Optional(Type.Number()),
  min_speed: Type.Optional(Type.Number()),
  max_speed: Type.Optional(Type.Number()),
  duration_options: Type.Optional(Type.Array(Type.Number())),
  min_duration: Type.Optional(Type.Number()),
  max_duration: Type.Optional(Type.Number()),
  default_duration: Type.Optional(Type.Number()),
  supported_formats: Type.Optional(Type.Array(Type.String())),
  default_format: Type.Optional(Type.String()),
  prompt_character_limit: Type.Optional(Type.Number()),
  min_prompt_length: Type.Optional(Type.Number()),
  lyrics_character_limit: Type.Optional(Type.Number()),
  // Live extras: fields the live API sends and typed clients read that the published excerpt does not list. They are
  // typed so the built-in catalog raises no "unknown field" warning; the schema test lists them (LIVE_EXTRAS).
  supports_lyrics_optimizer: Type.Optional(Type.Boolean({ description: 'Whether the music model accepts the lyrics_optimizer request flag.' })),
  supportsOptimizePromptThinking: Type.Optional(Type.Boolean({ description: 'Whether the image model can reason over the prompt before rendering.' })),
  supportsWebSearch: Type.Optional(Type.Boolean({ description: 'Whether the image model can ground its prompt in a web search.' })),
  model_sets: Type.Optional(Type.Array(Type.String(), { description: 'Curated sets the model belongs to, e.g. venice_recommendations, high_resolution.' }))
})

export const ModelResponse = Type.Object({
  context_length: Type.Optional(Type.Number({ description: 'Context length; mirrors model_spec.availableContextTokens. Only for text models.' })),
  created: Type.Optional(Type.Number({ description: 'Release date on Venice API' })),
  discount_to_user: Type.Optional(Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, description: 'Reseller discount fraction, sent only to the key whose persona (VENICE_MOCK_KEYS_FILE) has a discount on this model' })),
  id: Type.String({ description: 'Model ID', examples: ['gemini-3-6-flash'] }),
  model_spec: ModelSpec,
  object: StringEnum(['model'] as const),
  owned_by: StringEnum(['venice.ai'] as const),
  type: ModelTypeSchema
}, { $id: 'ModelResponse', description: 'Response schema for model information' })

export type ModelResponseBody = Static<typeof ModelResponse>
