// The built-in catalog: faithful to the live snapshot, complete for every type, and exercising every reference variant.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from './helpers/tap.js'
import { loadCatalog } from '../src/catalog/load-catalog.js'
import { BUILT_IN_FIXTURES } from '../src/config.js'
import { MODEL_TYPES } from '../src/schemas/model-types.js'
import { snapshotModels } from './helpers/reference.js'

const catalog = await loadCatalog(BUILT_IN_FIXTURES)
const models = catalog.content.models
const byId = new Map(models.map(model => [model.id, model]))
const specs = models.map(model => model.model_spec as Record<string, any>)

/** The live `?type=all` order, which the numbered model files reproduce. */
const LIVE_TYPE_ORDER = ['inpaint', 'tts', 'embedding', 'music', 'video', 'text', 'asr', 'upscale', 'image']

t.test('the layout: numbered model files in the live order, one traits and mapping file per type', async t => {
  const modelFiles = readdirSync(join(BUILT_IN_FIXTURES, 'models')).sort()
  t.same(modelFiles, LIVE_TYPE_ORDER.map((type, index) => `0${index + 1}-${type}.json`))
  for (const section of ['traits', 'compatibility_mapping']) {
    t.same(readdirSync(join(BUILT_IN_FIXTURES, section)).sort(), MODEL_TYPES.map(type => `${type}.json`).sort(), section)
  }
  const files = [
    ...modelFiles.map(file => ({ path: `models/${file}`, type: file.slice(3, -'.json'.length) })),
    ...['traits', 'compatibility_mapping'].flatMap(section => MODEL_TYPES.map(type => ({ path: `${section}/${type}.json`, type })))
  ]
  for (const { path, type } of files) {
    const text = readFileSync(join(BUILT_IN_FIXTURES, path), 'utf8')
    const document = JSON.parse(text)
    t.same([document.object, document.type], ['list', type], path)
    t.equal(text, `${JSON.stringify(document, null, 2)}\n`, `${path} is pretty-printed for review in diffs`)
    if (path.startsWith('models/')) t.ok(document.data.every((model: { type: string }) => model.type === type), `${path} holds only ${type} models`)
  }
})

t.test('type=all lists the models in the order of the live catalog', async t => {
  t.same(models.map(model => model.id), snapshotModels.map(model => model.id))
})

t.test('every snapshot model is served with its real id, type, name, prices and flags', async t => {
  t.equal(models.length, snapshotModels.length)
  for (const snapshot of snapshotModels) {
    const model = byId.get(snapshot.id)
    if (model === undefined) {
      t.fail(`${snapshot.id} is missing`)
      continue
    }
    t.equal(model.type, snapshot.type)
    t.equal(model.created, snapshot.created)
    for (const [key, value] of Object.entries(snapshot.model_spec)) {
      // The snapshot's asr, embedding, inpaint, music, tts, upscale and video models have no traits; the catalog gives
      // them the ones their traits files name, so both views agree. Text and image traits are exactly the live ones.
      if (key === 'traits' && snapshot.type !== 'text' && snapshot.type !== 'image') t.ok((value as string[]).every(trait => model.model_spec.traits?.includes(trait)), `${snapshot.id} keeps its traits`)
      // Capabilities gain maxImages/maxVideos and one deprecation its replacement, fields the snapshot trims;
      // everything else is exactly the snapshot's.
      else if (key === 'capabilities' || key === 'deprecation') t.has((model.model_spec as Record<string, unknown>)[key], value, `${snapshot.id} keeps its ${key}`)
      else t.same((model.model_spec as Record<string, unknown>)[key], value, `${snapshot.id} model_spec.${key}`)
    }
  }
})

t.test('the full field set of each type is present', async t => {
  for (const model of models) {
    const spec = model.model_spec as Record<string, any>
    t.ok(typeof spec.description === 'string' && spec.description.length > 20, `${model.id} has a description`)
    t.type(spec.modelSource, 'string')
    t.type(spec.offline, 'boolean')
    if (model.type === 'text') {
      t.equal(model.context_length, spec.availableContextTokens, `${model.id} context_length mirrors availableContextTokens`)
      t.type(spec.maxCompletionTokens, 'number')
      t.ok(spec.constraints?.temperature && spec.constraints?.top_p, `${model.id} has text constraints`)
      t.ok(spec.capabilities, `${model.id} has capabilities`)
    } else {
      t.equal(model.context_length, undefined, `${model.id}: context_length only on text models`)
    }
    if (model.type === 'image') t.ok(spec.constraints?.promptCharacterLimit && spec.constraints?.steps, `${model.id} has image constraints`)
    if (model.type === 'inpaint') t.ok(spec.constraints?.aspectRatios && typeof spec.constraints?.combineImages === 'boolean', `${model.id} has inpaint constraints`)
    if (model.type === 'video') {
      t.ok(spec.constraints?.model_type, `${model.id} has video constraints`)
      t.equal(spec.pricing, undefined, `${model.id}: video models carry no pricing`)
    }
    if (model.type === 'tts') t.ok(spec.voices?.length > 0 && spec.supported_formats?.length > 0 && spec.default_format, `${model.id} has voices and formats`)
    if (model.type === 'embedding') t.type(spec.embeddingDimensions, 'number')
  }
})

const pricingVariants: Record<string, (pricing: Record<string, any>, type: string) => boolean> = {
  'LLM with cache_input, cache_write and extended': p => p.input && p.output && p.cache_input && p.cache_write && p.extended,
  'LLM plain': (p, type) => type === 'text' && Object.keys(p).sort().join() === 'input,output',
  'Image with generation': p => p.generation && p.upscale,
  'Image with resolutions': p => p.resolutions && p.upscale && !p.quality,
  'Image with the quality matrix': p => p.quality && p.resolutions && p.upscale,
  TTS: (p, type) => type === 'tts' && p.input,
  ASR: p => p.per_audio_second,
  'Inpaint plain': p => p.inpaint && Object.keys(p).length === 1,
  'Inpaint with inputImages': p => p.inpaint && p.inputImages,
  'Inpaint with resolutions': p => p.inpaint && p.resolutions,
  'Inpaint with the quality matrix': p => p.inpaint && p.quality,
  'music generation': (p, type) => type === 'music' && p.generation,
  'music durations': p => p.durations,
  'music per_second': p => p.per_second,
  per_thousand_characters: p => p.per_thousand_characters
}

const constraintVariants: Record<string, (constraints: Record<string, any>) => boolean> = {
  Image: c => c.steps && c.widthHeightDivisor,
  'Image with qualities': c => c.steps && c.qualities,
  'Text plain': c => c.temperature && !c.frequency_penalty && !c.repetition_penalty,
  'Text with penalties': c => c.temperature && c.frequency_penalty && c.presence_penalty && c.repetition_penalty,
  Video: c => c.model_type && c.aspect_ratios,
  Inpaint: c => typeof c.combineImages === 'boolean',
  'Inpaint with maxInputImages and qualities': c => c.maxInputImages > 0 || c.qualities
}

const optionalFields: Record<string, (spec: Record<string, any>) => boolean> = {
  deprecation: s => s.deprecation !== undefined,
  'deprecation with replacementModelId and startsAt': s => s.deprecation?.replacementModelId && s.deprecation?.startsAt,
  betaModel: s => s.betaModel === true,
  beta: s => s.beta === true,
  regionRestrictions: s => s.regionRestrictions?.length > 0,
  'voice_cloning zero_shot': s => s.voice_cloning?.mode === 'zero_shot',
  'voice_cloning persistent': s => s.voice_cloning?.mode === 'persistent',
  maxCompletionTokens: s => s.maxCompletionTokens > 0,
  embeddingDimensions: s => s.embeddingDimensions > 0,
  uncensored: s => s.uncensored === true,
  'offline: true': s => s.offline === true,
  maxImages: s => s.capabilities?.maxImages > 0,
  maxVideos: s => s.capabilities?.maxVideos > 0,
  reasoningEffortOptions: s => s.capabilities?.reasoningEffortOptions?.length > 0,
  supportsStyleReferences: s => s.supportsStyleReferences === true,
  default_voice: s => typeof s.default_voice === 'string',
  supports_custom_voice_id: s => s.supports_custom_voice_id === true,
  supportsCustomDimensions: s => s.supportsCustomDimensions === true
}

t.test('every pricing and constraints variant of the reference and every optional field appears', async t => {
  for (const [name, matches] of Object.entries(pricingVariants)) {
    t.ok(models.some(model => model.model_spec.pricing !== undefined && matches(model.model_spec.pricing as Record<string, any>, model.type)), `pricing: ${name}`)
  }
  for (const [name, matches] of Object.entries(constraintVariants)) {
    t.ok(specs.some(spec => spec.constraints !== undefined && matches(spec.constraints)), `constraints: ${name}`)
  }
  for (const [name, matches] of Object.entries(optionalFields)) t.ok(specs.some(matches), `optional field: ${name}`)
})

t.test('every type has traits and compatibility mappings, and traits agree with the models', async t => {
  for (const type of MODEL_TYPES) {
    const traits = catalog.content.traits.get(type) ?? {}
    t.ok(Object.keys(traits).length > 0, `traits of ${type}`)
    t.ok(Object.keys(catalog.content.compatibilityMapping.get(type) ?? {}).length > 0, `compatibility mapping of ${type}`)
    for (const [trait, id] of Object.entries(traits)) t.ok(byId.get(id)?.model_spec.traits?.includes(trait), `${type}: ${id} lists the trait ${trait}`)
  }
})
