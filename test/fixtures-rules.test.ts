// The built-in and example catalogs keep the rules that make typed clients of the live API accept every filled-in value.
import { join } from 'node:path'
import t from './helpers/tap.js'
import { loadCatalog } from '../src/catalog/load-catalog.js'
import { BUILT_IN_FIXTURES } from '../src/config.js'
import { appFor, auth, REPO_ROOT } from './helpers/app.js'
import { liveExtraProblems, MODEL_SETS, valueProblems } from './helpers/catalog-rules.js'

const builtIn = await loadCatalog(BUILT_IN_FIXTURES)
const example = await loadCatalog(join(REPO_ROOT, 'examples', 'compose', 'catalog'))
const models = builtIn.content.models as unknown as Array<Record<string, any>>
const byId = new Map(models.map(model => [model.id as string, model]))

t.test('every built-in and example model keeps the value rules and carries the live extras of its type', async t => {
  for (const [name, catalog] of [['built-in', builtIn], ['example', example]] as const) {
    const problems = catalog.content.models.flatMap(model => [...valueProblems(model), ...liveExtraProblems(model)])
    t.same(problems, [], `${name}: ${catalog.content.models.length} models, no rule broken`)
    t.same(catalog.warnings, [], `${name}: no "unknown field" warning, the live extras are known to the schema`)
  }
})

t.test('each live extra takes both its values somewhere in the built-in catalog', async t => {
  const some = (type: string, value: (spec: Record<string, any>) => unknown, expected: unknown) =>
    models.some(model => model.type === type && value(model.model_spec) === expected)
  for (const expected of [true, false]) {
    t.ok(some('music', s => s.supports_lyrics_optimizer, expected), `music supports_lyrics_optimizer: ${expected}`)
    t.ok(some('music', s => s.supports_language_code, expected), `music supports_language_code: ${expected}`)
    t.ok(some('music', s => s.supports_speed, expected), `music supports_speed: ${expected}`)
    t.ok(some('image', s => s.supportsWebSearch, expected), `image supportsWebSearch: ${expected}`)
    t.ok(some('image', s => s.supportsOptimizePromptThinking, expected), `image supportsOptimizePromptThinking: ${expected}`)
    t.ok(some('inpaint', s => s.supportsWebSearch, expected), `inpaint supportsWebSearch: ${expected}`)
    t.ok(some('video', s => s.constraints.video_input, expected), `video constraints.video_input: ${expected}`)
  }
  for (const set of MODEL_SETS) t.ok(models.some(model => model.model_spec.model_sets.includes(set)), `model_sets: ${set}`)
  t.ok(models.some(model => model.model_spec.model_sets.length === 0), 'model_sets: an empty list')
})

t.test('the live extras are served as the fixtures give them', async t => {
  const app = await appFor(t)
  for (const [type, id, read] of [
    ['music', 'minimax-music-v26', (m: any) => m.model_spec.supports_lyrics_optimizer],
    ['image', 'nano-banana-pro', (m: any) => m.model_spec.supportsWebSearch],
    ['video', 'wan-2-7-video-to-video', (m: any) => m.model_spec.constraints.video_input]
  ] as const) {
    const response = await app.inject({ url: `/api/v1/models?type=${type}`, headers: auth })
    t.equal(response.statusCode, 200)
    const model = response.json().data.find((entry: { id: string }) => entry.id === id)
    t.equal(read(model), true, `${id} as served`)
    t.same(model.model_spec.model_sets, byId.get(id)?.model_spec.model_sets, `${id} model_sets as served`)
  }
})

/** One broken value per rule, applied to a copy of a built-in model; each must be reported. */
const breakers: Array<[string, string, (model: any) => void, RegExp]> = [
  ['the original bug: a half-second music duration', 'elevenlabs-sound-effects-v2', m => { m.model_spec.min_duration = 0.5 }, /min_duration must be a whole number, found 0.5/],
  ['a fractional duration option', 'ace-step-15', m => { m.model_spec.duration_options[1] = 90.5 }, /duration_options\[1\] must be a whole number/],
  ['a duration option outside the range', 'ace-step-15', m => { m.model_spec.duration_options.push(240) }, /duration_options must lie within/],
  ['duration options out of order', 'ace-step-15', m => { m.model_spec.duration_options.reverse() }, /must ascend/],
  ['a default duration above the maximum', 'stable-audio-25', m => { m.model_spec.default_duration = 200 }, /default_duration \(200\) must not exceed max_duration/],
  ['a duration without its siblings', 'stable-audio-25', m => { delete m.model_spec.default_duration }, /go together/],
  ['price tiers not spanning the durations', 'elevenlabs-music', m => { m.model_spec.min_duration = 1 }, /span min_duration/],
  ['a fractional price tier bound', 'elevenlabs-music', m => { m.model_spec.pricing.durations['60'].max_seconds = 59.5 }, /max_seconds must be a whole number/],
  ['a price tier upside down', 'elevenlabs-music', m => { m.model_spec.pricing.durations['60'].min_seconds = 61 }, /min_seconds above max_seconds/],
  ['a string token limit', 'aion-labs-aion-3-0', m => { m.model_spec.maxCompletionTokens = '32768' }, /maxCompletionTokens must be a whole number/],
  ['more completion tokens than context', 'aion-labs-aion-3-0', m => { m.model_spec.maxCompletionTokens = 10_000_000 }, /must not exceed availableContextTokens/],
  ['context_length not mirroring the context', 'aion-labs-aion-3-0', m => { m.context_length = 1 }, /context_length must mirror/],
  ['a default effort not offered', 'aion-labs-aion-3-0', m => { m.model_spec.capabilities.defaultReasoningEffort = 'max' }, /defaultReasoningEffort "max" is not one of/],
  ['effort options without a default', 'aion-labs-aion-3-0', m => { delete m.model_spec.capabilities.defaultReasoningEffort }, /defaultReasoningEffort goes with/],
  ['effort options without effort support', 'aion-labs-aion-3-0', m => { m.model_spec.capabilities.supportsReasoningEffort = false }, /reasoningEffortOptions are given exactly/],
  ['maxVideos without video input', 'aion-labs-aion-3-0', m => { m.model_spec.capabilities.maxVideos = 4 }, /maxVideos is given exactly/],
  ['a boolean as a string', 'aion-labs-aion-3-0', m => { m.model_spec.capabilities.supportsVision = 'false' }, /supportsVision must be a boolean/],
  ['offline as a number', 'z-image-turbo', m => { m.model_spec.offline = 0 }, /offline must be a boolean/],
  ['fractional steps', 'z-image-turbo', m => { m.model_spec.constraints.steps.default = 7.5 }, /steps.default must be a whole number/],
  ['default steps above the maximum', 'z-image-turbo', m => { m.model_spec.constraints.steps.default = 20 }, /steps.default \(20\) must not exceed/],
  ['a default aspect ratio not offered', 'z-image-turbo', m => { m.model_spec.constraints.defaultAspectRatio = '5:4' }, /defaultAspectRatio "5:4"/],
  ['a malformed aspect ratio', 'z-image-turbo', m => { m.model_spec.constraints.aspectRatios.push('square') }, /is not W:H/],
  ['an unknown image resolution', 'gpt-image-2', m => { m.model_spec.constraints.resolutions.push('8K') }, /resolutions\[\] "8K"/],
  ['qualities without quality pricing', 'gpt-image-2', m => { delete m.model_spec.pricing.quality }, /come together/],
  ['maxInputImages without combineImages', 'flux-2-max-edit', m => { m.model_spec.constraints.combineImages = false }, /maxInputImages is given exactly/],
  ['a fractional prompt limit', 'flux-2-max-edit', m => { m.model_spec.constraints.promptCharacterLimit = 4999.5 }, /promptCharacterLimit must be a whole number/],
  ['a video duration not in seconds', 'veo3-fast-text-to-video', m => { m.model_spec.constraints.durations = ['8.5s'] }, /is not whole seconds/],
  ['a video resolution not in p', 'veo3-fast-text-to-video', m => { m.model_spec.constraints.resolutions = ['4K'] }, /is not like "720p"/],
  ['speed without supports_speed', 'seed-audio-1-0', m => { m.model_spec.supports_speed = false }, /default_speed \(with min\/max_speed\)/],
  ['a negative speed', 'seed-audio-1-0', m => { m.model_spec.min_speed = -1 }, /speeds must be positive/],
  ['a default speed above the maximum', 'seed-audio-1-0', m => { m.model_spec.default_speed = 3 }, /default_speed \(3\) must not exceed max_speed/],
  ['a default voice not offered', 'seed-audio-1-0', m => { m.model_spec.default_voice = 'Nobody' }, /default_voice "Nobody"/],
  ['an unknown audio format', 'seed-audio-1-0', m => { m.model_spec.supported_formats.push('mp4') }, /supported_formats\[\] "mp4"/],
  ['a default format not offered', 'seed-audio-1-0', m => { m.model_spec.default_format = 'flac' }, /default_format "flac"/],
  ['a minimum prompt above the limit', 'seed-audio-1-0', m => { m.model_spec.min_prompt_length = 6000 }, /min_prompt_length \(6000\)/],
  ['lyrics required but unsupported', 'minimax-music-v2', m => { m.model_spec.supports_lyrics = false }, /lyrics_required needs supports_lyrics/],
  ['a lyrics limit without lyrics', 'stable-audio-25', m => { m.model_spec.lyrics_character_limit = 3000 }, /lyrics_character_limit is given exactly/],
  ['a lyrics optimizer where lyrics are required', 'minimax-music-v2', m => { m.model_spec.supports_lyrics_optimizer = true }, /supports_lyrics_optimizer needs/],
  ['a fractional sample length', 'tts-chatterbox-hd', m => { m.model_spec.voice_cloning.min_sample_seconds = 4.5 }, /min_sample_seconds must be a whole number/]
]

/** Live-extra presence, broken the same way. */
const extraBreakers: Array<[string, string, (model: any) => void, RegExp]> = [
  ['a music flag missing', 'ace-step-15', m => { delete m.model_spec.supports_lyrics_optimizer }, /supports_lyrics_optimizer must be present/],
  ['an image flag as a string', 'z-image-turbo', m => { m.model_spec.supportsWebSearch = 'false' }, /supportsWebSearch must be present as a boolean/],
  ['an inpaint flag missing', 'flux-2-max-edit', m => { delete m.model_spec.supportsOptimizePromptThinking }, /supportsOptimizePromptThinking must be present/],
  ['video_input not matching the model type', 'veo3-fast-text-to-video', m => { m.model_spec.constraints.video_input = true }, /video_input must be true exactly/],
  ['a video prompt limit missing', 'veo3-fast-text-to-video', m => { delete m.model_spec.constraints.prompt_character_limit }, /prompt_character_limit must be present/],
  ['model_sets missing', 'aion-labs-aion-3-0', m => { delete m.model_spec.model_sets }, /model_sets must be a list/],
  ['an unknown model set', 'aion-labs-aion-3-0', m => { m.model_spec.model_sets = ['everything'] }, /model_sets must be a list/]
]

t.test('each rule reports a value that breaks it', async t => {
  for (const [list, check] of [[breakers, valueProblems], [extraBreakers, liveExtraProblems]] as const) {
    for (const [name, id, breakIt, expected] of list) {
      const original = byId.get(id)
      if (original === undefined) {
        t.fail(`${id} is not in the built-in catalog`)
        continue
      }
      t.same(check(original), [], `${id} keeps the rules before it is broken`)
      const model = structuredClone(original)
      breakIt(model)
      t.match(check(model).join('\n'), expected, name)
    }
  }
})
