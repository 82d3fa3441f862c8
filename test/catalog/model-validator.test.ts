// Model validation in words: JSON paths a person can search for, and the closest union branch.
import t from '../helpers/tap.js'
import { checkModel, pointerToPath } from '../../src/catalog/model-validator.js'
import { imageModel, textModel } from '../helpers/fixtures.js'

t.test('JSON pointers become paths as written in JavaScript', async t => {
  t.equal(pointerToPath(''), '(the model itself)')
  t.equal(pointerToPath('/model_spec/pricing/input/usd'), 'model_spec.pricing.input.usd')
  t.equal(pointerToPath('/model_spec/voices/3'), 'model_spec.voices[3]')
  t.equal(pointerToPath('/model_spec/pricing/upscale/2x'), 'model_spec.pricing.upscale["2x"]')
  t.equal(pointerToPath('/a~1b/c~0d'), '["a/b"]["c~d"]')
})

t.test('a valid model has no issue', async t => {
  t.same(checkModel(textModel('ok')), [])
  t.same(checkModel(imageModel('ok')), [])
})

t.test('a pricing that matches no shape is explained against the closest shape', async t => {
  const model = imageModel('close') as any
  model.model_spec.pricing = { resolutions: { '1K': { usd: 1, diem: 1 } }, upscale: { '2x': { usd: 1, diem: 1 } } }
  const issues = checkModel(model)
  t.match(issues[0], { path: 'model_spec.pricing', message: /matches none of the 9 allowed shapes \(LLM Model Pricing, Image Model Pricing, .*\); closest is "Image Model Pricing"/ })
  t.same(issues.slice(1), [{ path: 'model_spec.pricing.upscale["4x"]', message: 'is required but missing' }])
})

t.test('constraints that match no shape are explained the same way', async t => {
  const model = textModel('close') as any
  model.model_spec.constraints = { temperature: { default: 1 } }
  const issues = checkModel(model)
  t.match(issues[0], { path: 'model_spec.constraints', message: /closest is "Text Model Constraints"/ })
  t.same(issues.slice(1), [{ path: 'model_spec.constraints.top_p', message: 'is required but missing' }])
})
