// Proves our TypeBox ModelResponse equals the reference: same structure, same verdict on real, built-in and broken models.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from '../helpers/tap.js'
import { Ajv } from 'ajv'
import { createRequire } from 'node:module'
import type AjvDraft04Class from 'ajv-draft-04'
import { BUILT_IN_FIXTURES } from '../../src/config.js'
import { ModelResponse } from '../../src/schemas/model-response.js'
import { TypeCompiler } from '../../src/schemas/typebox.js'
import { referenceDocument, snapshotModels } from '../helpers/reference.js'

// ajv-draft-04 is CommonJS whose default export TypeScript's NodeNext interop does not see as a class.
const AjvDraft04 = createRequire(import.meta.url)('ajv-draft-04') as typeof AjvDraft04Class.default
const oursValidator = new Ajv({ allErrors: true, strict: true }).compile(ModelResponse)
const ours = Object.assign((value: unknown): boolean => oursValidator(value), { get errors () { return oursValidator.errors } })
// The reference is OpenAPI 3.0: draft-04 keywords (boolean exclusiveMinimum) plus OpenAPI's `example`.
// The fixture loader's fast check: TypeBox's compiler on the same schema must give ajv's verdicts.
const fast = TypeCompiler.Compile(ModelResponse)
const referenceAjv = new AjvDraft04({ allErrors: true, strict: false })
referenceAjv.addSchema(referenceDocument, 'venice')
const referenceValidator = referenceAjv.compile({ $ref: 'venice#/components/schemas/ModelResponse' })
const reference = Object.assign((value: unknown): boolean => referenceValidator(value), { get errors () { return referenceValidator.errors } })
const referenceModel = referenceDocument.components.schemas.ModelResponse as JsonSchema

interface JsonSchema {
  type?: string
  properties?: Record<string, JsonSchema>
  required?: string[]
  additionalProperties?: boolean | JsonSchema
  anyOf?: JsonSchema[]
  items?: JsonSchema
  enum?: unknown[]
  minimum?: number
  maximum?: number
  exclusiveMinimum?: boolean | number
  exclusiveMaximum?: boolean | number
}

/**
 * Live extras: properties the live API sends and typed clients read that the published excerpt does not list
 * (../../test/reference/README.md, "Fields real clients read ..."). Our schema types them so the built-in catalog
 * carries them without "unknown field" warnings; they are optional, so the reference's required lists are unchanged.
 * Typing them is the one deliberate difference in verdict: the reference accepts any value there, ours the live type.
 */
const LIVE_EXTRAS: Record<string, string> = {
  'ModelResponse.model_spec.supports_lyrics_optimizer': 'boolean',
  'ModelResponse.model_spec.supportsOptimizePromptThinking': 'boolean',
  'ModelResponse.model_spec.supportsWebSearch': 'boolean',
  'ModelResponse.model_spec.model_sets': 'array',
  'ModelResponse.model_spec.constraints|2.video_input': 'boolean'
}

/** Structural differences between our schema and the reference's, as readable lines; empty means equivalent. */
function compareSchemas (ourSchema: JsonSchema, theirs: JsonSchema, path: string): string[] {
  const differences: string[] = []
  const typeOf = (schema: JsonSchema) => schema.type ?? (schema.properties !== undefined || schema.additionalProperties !== undefined ? 'object' : undefined)
  if (typeOf(ourSchema) !== typeOf(theirs)) differences.push(`${path}: type ${String(typeOf(ourSchema))} vs ${String(typeOf(theirs))}`)
  if (JSON.stringify(ourSchema.enum) !== JSON.stringify(theirs.enum)) differences.push(`${path}: enum ${JSON.stringify(ourSchema.enum)} vs ${JSON.stringify(theirs.enum)}`)
  // Draft-04 `minimum: 0, exclusiveMinimum: true` is our `exclusiveMinimum: 0`.
  const lowerBound = (schema: JsonSchema) => typeof schema.exclusiveMinimum === 'number' ? `>${schema.exclusiveMinimum}` : schema.exclusiveMinimum === true ? `>${schema.minimum}` : schema.minimum === undefined ? '' : `>=${schema.minimum}`
  const upperBound = (schema: JsonSchema) => typeof schema.exclusiveMaximum === 'number' ? `<${schema.exclusiveMaximum}` : schema.exclusiveMaximum === true ? `<${schema.maximum}` : schema.maximum === undefined ? '' : `<=${schema.maximum}`
  if (lowerBound(ourSchema) !== lowerBound(theirs) || upperBound(ourSchema) !== upperBound(theirs)) differences.push(`${path}: bounds differ`)
  const ourKeys = Object.keys(ourSchema.properties ?? {}).filter(key => !(`${path}.${key}` in LIVE_EXTRAS)).sort()
  const theirKeys = Object.keys(theirs.properties ?? {}).sort()
  if (JSON.stringify(ourKeys) !== JSON.stringify(theirKeys)) differences.push(`${path}: properties ${ourKeys.join(',')} vs ${theirKeys.join(',')}`)
  if (JSON.stringify([...(ourSchema.required ?? [])].sort()) !== JSON.stringify([...(theirs.required ?? [])].sort())) differences.push(`${path}: required ${String(ourSchema.required)} vs ${String(theirs.required)}`)
  if ((ourSchema.additionalProperties === false) !== (theirs.additionalProperties === false)) differences.push(`${path}: additionalProperties false on one side only`)
  for (const key of theirKeys) {
    if (ourSchema.properties?.[key] !== undefined) differences.push(...compareSchemas(ourSchema.properties[key], theirs.properties![key], `${path}.${key}`))
  }
  if (typeof theirs.additionalProperties === 'object') {
    if (typeof ourSchema.additionalProperties !== 'object') differences.push(`${path}: additionalProperties schema missing`)
    else differences.push(...compareSchemas(ourSchema.additionalProperties, theirs.additionalProperties, `${path}{*}`))
  }
  if ((ourSchema.anyOf?.length ?? 0) !== (theirs.anyOf?.length ?? 0)) differences.push(`${path}: anyOf has ${ourSchema.anyOf?.length ?? 0} vs ${theirs.anyOf?.length ?? 0} branches`)
  theirs.anyOf?.forEach((branch, index) => {
    if (ourSchema.anyOf?.[index] !== undefined) differences.push(...compareSchemas(ourSchema.anyOf[index], branch, `${path}|${index}`))
  })
  if (theirs.items !== undefined) {
    if (ourSchema.items === undefined) differences.push(`${path}: items missing`)
    else differences.push(...compareSchemas(ourSchema.items, theirs.items, `${path}[]`))
  }
  return differences
}

function asLiveModel (model: object): Record<string, unknown> {
  return { ...model, object: 'model', owned_by: 'venice.ai' }
}

t.test('the TypeBox schema has the reference structure: every property, required list, anyOf branch and closed object', async t => {
  t.same(compareSchemas(ModelResponse as unknown as JsonSchema, referenceModel, 'ModelResponse'), [])
})

/** The schema node at a LIVE_EXTRAS path, or undefined when the path leads nowhere. */
function schemaAt (root: JsonSchema, path: string): JsonSchema | undefined {
  let node: JsonSchema | undefined = root
  for (const step of path.split('.').slice(1)) {
    const [key, branch] = step.split('|')
    node = node?.properties?.[key]
    if (branch !== undefined) node = node?.anyOf?.[Number(branch)]
  }
  return node
}

t.test('every live extra is in our schema, optional and typed, and absent from the reference', async t => {
  for (const [path, type] of Object.entries(LIVE_EXTRAS)) {
    t.equal(schemaAt(ModelResponse as unknown as JsonSchema, path)?.type, type, `ours types ${path} as ${type}`)
    t.equal(schemaAt(referenceModel, path), undefined, `the reference does not list ${path}`)
    const parentPath = path.slice(0, path.lastIndexOf('.'))
    t.notOk(schemaAt(ModelResponse as unknown as JsonSchema, parentPath)?.required?.includes(path.slice(path.lastIndexOf('.') + 1)), `${path} is optional`)
  }
})

t.test('live extras of the wrong type are rejected by ours (the reference leaves them open)', async t => {
  const video = asLiveModel({ id: 'v', type: 'video', model_spec: { privacy: 'private', constraints: { aspect_ratios: [], resolutions: [], durations: [], model_type: 'video', audio: false, audio_configurable: false, video_input: true } } })
  t.ok(ours(video) && fast.Check(video) && reference(video), 'a video model with video_input: true is valid')
  const wrong: Record<string, (model: any) => void> = {
    'supports_lyrics_optimizer as a string': m => { m.model_spec.supports_lyrics_optimizer = 'true' },
    'supportsOptimizePromptThinking as a number': m => { m.model_spec.supportsOptimizePromptThinking = 1 },
    'supportsWebSearch as a string': m => { m.model_spec.supportsWebSearch = 'yes' },
    'model_sets as a string': m => { m.model_spec.model_sets = 'venice_recommendations' },
    'model_sets with a number': m => { m.model_spec.model_sets = [1] },
    'video_input as a string': m => { m.model_spec.constraints.video_input = 'false' }
  }
  for (const [name, breakIt] of Object.entries(wrong)) {
    const model = structuredClone(video)
    breakIt(model)
    t.notOk(ours(model), `ours rejects: ${name}`)
    t.notOk(fast.Check(model), `the TypeBox checker rejects: ${name}`)
    t.ok(reference(model), `the reference accepts: ${name}`)
  }
})

t.test('the structural comparison notices a difference', async t => {
  const altered = structuredClone(referenceModel)
  delete altered.properties!.model_spec.properties!.privacy
  altered.properties!.model_spec.properties!.pricing.anyOf!.pop()
  altered.properties!.model_spec.properties!.capabilities.additionalProperties = true
  const differences = compareSchemas(ModelResponse as unknown as JsonSchema, altered, 'ModelResponse')
  t.ok(differences.some(line => line.includes('properties')), 'a removed property is noticed')
  t.ok(differences.some(line => line.includes('anyOf has 9 vs 8')), 'a removed branch is noticed')
  t.ok(differences.some(line => line.includes('additionalProperties false')), 'an opened object is noticed')
})

t.test('every model of the live snapshot validates against both schemas', async t => {
  t.equal(snapshotModels.length, 328)
  for (const model of snapshotModels.map(asLiveModel)) {
    if (!ours(model)) t.fail(`ours rejects ${String(model.id)}: ${JSON.stringify(ours.errors)}`)
    if (!fast.Check(model)) t.fail(`the TypeBox checker rejects ${String(model.id)}`)
    if (!reference(model)) t.fail(`reference rejects ${String(model.id)}: ${JSON.stringify(reference.errors)}`)
  }
})

t.test('every built-in fixture model validates against both schemas', async t => {
  const directory = join(BUILT_IN_FIXTURES, 'models')
  let count = 0
  for (const file of readdirSync(directory)) {
    const { data } = JSON.parse(readFileSync(join(directory, file), 'utf8')) as { data: Array<Record<string, unknown>> }
    for (const model of data) {
      count += 1
      if (!ours(model)) t.fail(`ours rejects ${file} ${String(model.id)}: ${JSON.stringify(ours.errors)}`)
      if (!fast.Check(model)) t.fail(`the TypeBox checker rejects ${file} ${String(model.id)}`)
      if (!reference(model)) t.fail(`reference rejects ${file} ${String(model.id)}: ${JSON.stringify(reference.errors)}`)
    }
  }
  t.ok(count >= 328, `${count} built-in models checked`)
})

const base = asLiveModel(snapshotModels.find(model => model.id === 'aion-labs-aion-3-0') as unknown as Record<string, unknown>)

/** Deliberately broken models: each must be rejected by both schemas. */
const broken: Record<string, (model: any) => void> = {
  'no id': m => { delete m.id },
  'no model_spec': m => { delete m.model_spec },
  'no object': m => { delete m.object },
  'object is not "model"': m => { m.object = 'models' },
  'owned_by is not venice.ai': m => { m.owned_by = 'openai' },
  'unknown type': m => { m.type = 'chat' },
  'type in the wrong case': m => { m.type = 'TEXT' },
  'created is a string': m => { m.created = '2024-01-01' },
  'model_spec without privacy': m => { delete m.model_spec.privacy },
  'unknown privacy': m => { m.model_spec.privacy = 'public' },
  'unknown capability': m => { m.model_spec.capabilities.supportsTelepathy = true },
  'missing capability': m => { delete m.model_spec.capabilities.supportsVision },
  'unknown quantization': m => { m.model_spec.capabilities.quantization = 'fp32' },
  'unknown reasoning effort': m => { m.model_spec.capabilities.reasoningEffortOptions = ['extreme'] },
  'pricing price without diem': m => { m.model_spec.pricing = { input: { usd: 1 } } },
  'pricing is a string': m => { m.model_spec.pricing = 'free' },
  'pricing matching no branch': m => { m.model_spec.pricing = { tokens: { usd: 1, diem: 1 } } },
  'image pricing without upscale': m => { m.model_spec.pricing = { resolutions: { '1K': { usd: 1, diem: 1 } } } },
  'quality tier price without usd': m => { m.model_spec.pricing = { resolutions: {}, quality: { '1K': { low: { diem: 1 } } }, upscale: { '2x': { usd: 1, diem: 1 }, '4x': { usd: 1, diem: 1 } } } },
  'music duration tier without max_seconds': m => { m.model_spec.pricing = { durations: { 60: { usd: 1, diem: 1, min_seconds: 1 } } } },
  'text constraints without top_p': m => { m.model_spec.constraints = { temperature: { default: 1 } } },
  'constraints matching no branch': m => { m.model_spec.constraints = { maxTokens: 5 } },
  'video constraints with unknown model_type': m => { m.model_spec.constraints = { aspect_ratios: [], resolutions: [], durations: [], model_type: 'video-to-audio', audio: false, audio_configurable: false } },
  'inpaint maxInputImages of 0': m => { m.model_spec.constraints = { aspectRatios: [], promptCharacterLimit: 1, combineImages: true, maxInputImages: 0 } },
  'inpaint maxInputImages not an integer': m => { m.model_spec.constraints = { aspectRatios: [], promptCharacterLimit: 1, combineImages: true, maxInputImages: 1.5 } },
  'image quality level unknown': m => { m.model_spec.constraints = { promptCharacterLimit: 1, steps: { default: 1, max: 2 }, widthHeightDivisor: 8, qualities: ['ultra'] } },
  'deprecation without removesAt': m => { m.model_spec.deprecation = { autoRemap: false, date: '2026-01-01T00:00:00.000Z' } },
  'voice_cloning with an unknown mode': m => { m.model_spec.voice_cloning = { mode: 'clone', accepted_formats: [], min_sample_seconds: 5, retention_days: 7 } },
  'voice_cloning with an extra key': m => { m.model_spec.voice_cloning = { mode: 'zero_shot', accepted_formats: [], min_sample_seconds: 5, retention_days: 7, price: 1 } },
  'discount_to_user of 0': m => { m.discount_to_user = 0 },
  'discount_to_user of 1': m => { m.discount_to_user = 1 },
  'traits not an array': m => { m.model_spec.traits = 'default' },
  'offline as a string': m => { m.model_spec.offline = 'false' },
  'voices not strings': m => { m.model_spec.voices = [1, 2] }
}

t.test('deliberately broken models are rejected by both schemas', async t => {
  t.ok(ours(base) && reference(base) && fast.Check(base), 'the unbroken base model is valid')
  for (const [name, breakIt] of Object.entries(broken)) {
    const model = structuredClone(base)
    breakIt(model)
    t.notOk(ours(model), `ours rejects: ${name}`)
    t.notOk(fast.Check(model), `the TypeBox checker rejects: ${name}`)
    t.notOk(reference(model), `reference rejects: ${name}`)
  }
})

t.test('valid edge values are accepted by both schemas', async t => {
  const edges: Record<string, (model: any) => void> = {
    'discount_to_user of 0.2': m => { m.discount_to_user = 0.2 },
    'extra key in model_spec (not closed in the reference)': m => { m.model_spec.futureField = true },
    'an extra top-level key': m => { m.future = 1 },
    'no pricing (video models)': m => { delete m.model_spec.pricing }
  }
  for (const [name, change] of Object.entries(edges)) {
    const model = structuredClone(base)
    change(model)
    t.ok(ours(model), `ours accepts: ${name}`)
    t.ok(fast.Check(model), `the TypeBox checker accepts: ${name}`)
    t.ok(reference(model), `reference accepts: ${name}`)
  }
})
