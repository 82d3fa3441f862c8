// The precomputed catalog: bodies for every filter, type and id, serialized once.
import t from '../helpers/tap.js'
import { gunzipSync, brotliDecompressSync } from 'node:zlib'
import { Catalog } from '../../src/catalog/catalog.js'
import { MIN_COMPRESSED_BYTES, type Representation } from '../../src/http/representation.js'
import { LIST_FILTERS, MODEL_TYPES } from '../../src/schemas/model-types.js'
import { imageModel, textModel } from '../helpers/fixtures.js'

const code = textModel('coder') as any
code.model_spec.capabilities.optimizedForCode = true
const catalog = new Catalog({
  models: [textModel('chat') as any, code, imageModel('painter') as any],
  traits: new Map([['text', { default: 'chat' }]]),
  compatibilityMapping: new Map([['image', { 'dall-e-3': 'painter' }]])
})

t.test('a body for every list filter, in model order', async t => {
  t.same([...catalog.listBodies.keys()], [...LIST_FILTERS])
  const ids = (filter: typeof LIST_FILTERS[number]) => JSON.parse(String(catalog.listBodies.get(filter)?.body)).data.map((model: { id: string }) => model.id)
  t.same(ids('all'), ['chat', 'coder', 'painter'])
  t.same(ids('text'), ['chat', 'coder'])
  t.same(ids('code'), ['coder'])
  t.same(ids('image'), ['painter'])
  t.same(ids('video'), [])
  t.equal(String(catalog.listBodies.get('image')?.body).slice(0, 40), '{"object":"list","type":"image","data":[')
})

t.test('bodies are Buffers built once', async t => {
  t.ok(Buffer.isBuffer(catalog.listBodies.get('all')?.body))
  t.equal(catalog.modelBodies.get('coder'), catalog.modelBodies.get('coder'))
  t.same(JSON.parse(String(catalog.modelBodies.get('painter')?.body)), imageModel('painter'))
})

t.test('traits and mappings for every type, empty where none is given', async t => {
  t.same([...catalog.traitsBodies.keys()], [...MODEL_TYPES])
  t.equal(String(catalog.traitsBodies.get('text')?.body), '{"object":"list","type":"text","data":{"default":"chat"}}')
  t.equal(String(catalog.traitsBodies.get('tts')?.body), '{"object":"list","type":"tts","data":{}}')
  t.equal(String(catalog.compatibilityMappingBodies.get('image')?.body), '{"object":"list","type":"image","data":{"dall-e-3":"painter"}}')
})

t.test('size and counts per type', async t => {
  t.equal(catalog.size, 3)
  t.same(catalog.countsByType, { asr: 0, embedding: 0, image: 1, music: 0, text: 2, tts: 0, upscale: 0, inpaint: 0, video: 0 })
})

t.test('beta-only models: separate public bodies only where they differ', async t => {
  const beta = textModel('secret') as any
  beta.model_spec.beta = true
  const withBeta = new Catalog({ models: [textModel('open') as any, beta, imageModel('art') as any], traits: new Map(), compatibilityMapping: new Map() })
  const ids = (representation: Representation | undefined) => JSON.parse(String(representation?.body)).data.map((model: { id: string }) => model.id)
  t.same(ids(withBeta.publicListBodies.get('text')), ['open'])
  t.same(ids(withBeta.listBodies.get('text')), ['open', 'secret'])
  t.equal(withBeta.publicListBodies.get('image'), withBeta.listBodies.get('image'), 'lists without beta models share one buffer')
  t.equal(withBeta.publicModelBodies.get('secret'), undefined)
  t.equal(withBeta.publicModelBodies.get('open'), withBeta.modelBodies.get('open'))
  for (const [filter, body] of catalog.listBodies) t.equal(catalog.publicListBodies.get(filter), body, `without beta models the ${filter} list is one buffer`)
  t.equal(catalog.publicModelBodies, catalog.modelBodies, 'without beta models both audiences share everything')
})

t.test('compress(): gzip and brotli of every body big enough, once, and models untouched by an edit keep theirs', async t => {
  const big = textModel('big') as any
  big.model_spec.description = 'x'.repeat(MIN_COMPRESSED_BYTES)
  const models = [textModel('small') as any, big]
  const first = new Catalog({ models, traits: new Map(), compatibilityMapping: new Map() })
  const bigBody = first.modelBodies.get('big') as Representation
  t.same(bigBody.encoded, {}, 'nothing is compressed before compress()')
  const pending = first.compress()
  t.equal(first.compress(), pending, 'one compression per catalog')
  await pending
  t.same(gunzipSync(bigBody.encoded.gzip as Buffer), bigBody.body)
  t.same(brotliDecompressSync(bigBody.encoded.br as Buffer), bigBody.body)
  t.ok((bigBody.encoded.br as Buffer).length < bigBody.body.length / 2, 'brotli pays')
  t.same(first.modelBodies.get('small')?.encoded, {}, 'small bodies stay as they are')
  t.ok(first.listBodies.get('text')?.encoded.gzip, 'lists are compressed too')
  const edited = new Catalog({ models: [...models, textModel('new') as any], traits: new Map(), compatibilityMapping: new Map() }, [], first)
  t.equal(edited.modelBodies.get('big'), bigBody, 'an unchanged model keeps its prepared body')
  t.not(edited.listBodies.get('text'), first.listBodies.get('text'))
  const replaced = { ...big, id: 'big' }
  const again = new Catalog({ models: [replaced], traits: new Map(), compatibilityMapping: new Map() }, [], first)
  t.not(again.modelBodies.get('big'), bigBody, 'a replaced model object gets a new body')
})
