// /docs in Debian's Chromium: Swagger UI renders the models and admin operations, loading nothing from another host.
import { existsSync } from 'node:fs'
import t from '../helpers/tap.js'
import { chromium } from 'playwright-core'
import { appFor } from '../helpers/app.js'

const CHROMIUM = '/usr/bin/chromium'
// CI installs Chromium and sets this, so a missing browser fails there instead of passing silently.
const required = process.env.VENICE_MOCK_REQUIRE_BROWSER === '1'
const skip = existsSync(CHROMIUM) || required ? false : `no browser at ${CHROMIUM} (apt-get install chromium); VENICE_MOCK_REQUIRE_BROWSER=1 makes this a failure`

// The browser must not reach any other host: no updates, sync or QUIC probes of its own to blur what the page asked for.
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']

interface Operation { method: string, path: string }

t.test('Swagger UI renders every operation, the admin API included, from requests to this server only', { skip, timeout: 30_000 }, async t => {
  t.ok(existsSync(CHROMIUM), `a browser at ${CHROMIUM} (VENICE_MOCK_REQUIRE_BROWSER=1)`)
  const app = await appFor(t)
  const base = await app.listen({ host: '127.0.0.1', port: 0 })
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 15_000 })
  try {
    const page = await browser.newPage()
    page.setDefaultTimeout(15_000)
    const requests: string[] = []
    const problems: string[] = []
    page.on('request', request => requests.push(request.url()))
    page.on('requestfailed', request => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText})`))
    page.on('response', response => { if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`) })
    page.on('console', message => { if (message.type() === 'error') problems.push(`console error: ${message.text()}`) })
    page.on('pageerror', error => problems.push(`page error: ${error.message}`))

    t.equal((await page.goto(`${base}/docs`))?.status(), 200)
    await page.locator('.opblock-get .opblock-summary-path[data-path="/api/v1/models"]').waitFor()
    await page.locator('.opblock-patch .opblock-summary-path[data-path="/__admin/settings"]').waitFor()
    await page.waitForLoadState('networkidle')

    const operations = await page.locator('.opblock-summary').evaluateAll(summaries => summaries.map(summary => ({
      method: summary.querySelector('.opblock-summary-method')?.textContent ?? '',
      path: summary.querySelector('.opblock-summary-path')?.getAttribute('data-path') ?? ''
    })))
    const shown = operations.map(({ method, path }: Operation) => `${method} ${path}`)
    for (const operation of [
      'GET /api/v1/models', 'GET /api/v1/models/traits', 'GET /api/v1/models/compatibility_mapping', 'GET /api/v1/models/{id}', 'GET /healthz',
      'GET /__admin/requests', 'DELETE /__admin/requests', 'POST /__admin/models', 'DELETE /__admin/models/{id}', 'POST /__admin/reset',
      'GET /__admin/settings', 'PATCH /__admin/settings'
    ]) {
      t.ok(shown.includes(operation), `${operation} is shown`)
    }
    t.match(await page.locator('.opblock-tag-section').filter({ hasText: 'Admin' }).first().textContent(), /answer 404 here/,
      'the admin section says this server has no admin API')

    t.ok(requests.length >= 5, `the page made its requests (${requests.length})`)
    t.same(requests.filter(url => !url.startsWith(`${base}/`)), [], `every request went to ${base}`)
    t.ok(requests.includes(`${base}/docs/openapi.json`), 'the document came from this server')
    t.same(problems, [], 'no failed request, no error in the console')
  } finally {
    await browser.close()
  }
})
