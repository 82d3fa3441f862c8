// Run-time settings: a view, partial changes, a failed change that changes nothing, and reset with its random sequence.
import t from '../helpers/tap.js'
import { RuntimeSettings } from '../../src/controls/runtime-settings.js'
import { testConfig } from '../helpers/fixtures.js'

t.test('apply, view and reset', async t => {
  const settings = new RuntimeSettings(testConfig({ latency: { minMs: 5, maxMs: 5 }, seed: 's', errorRate: 0.5 }))
  t.same(settings.view(), { auth: 'optional', controls: true, latency: '5', errorRate: 0.5, rateLimit: null, abuseBlock: false })
  settings.apply({ rateLimit: 10 })
  t.equal(settings.view().latency, '5', 'a patch without latency keeps it')
  t.throws(() => settings.apply({ latency: 'soon', auth: 'off' }))
  t.equal(settings.auth, 'optional', 'a failed patch changes nothing')
  const first = Array.from({ length: 20 }, () => settings.nextIsFailure())
  t.equal(settings.nextLatency(), 5)
  settings.reset()
  t.same(Array.from({ length: 20 }, () => settings.nextIsFailure()), first, 'reset restarts the seeded sequence')
  t.equal(settings.rateLimit, null)
  settings.apply({ latency: null, errorRate: 0 })
  t.equal(settings.nextLatency(), 0)
  t.equal(settings.nextIsFailure(), false)
})
