// testcontainers consumer: the image started with a wait on /healthz, then asked for models through its mapped port.
// .ci/container-test runs it against the image it built, through podman's Docker-compatible socket (DOCKER_HOST).
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { GenericContainer, Wait } from 'testcontainers'

const IMAGE = process.env.VENICE_MOCK_IMAGE ?? 'venice-models-mock'

test('the image starts, answers /healthz, and serves the catalog on its mapped port', async () => {
  const container = await new GenericContainer(IMAGE)
    .withExposedPorts(4010)
    .withEnvironment({ VENICE_MOCK_API_KEYS: 'tc-key' })
    // CI's rootful podman may not raise these limits above its own (see DEVELOPERS.md); harmless under Docker.
    .withUlimits({ nofile: { soft: 1024, hard: 1024 }, nproc: { soft: 1024, hard: 1024 } })
    .withWaitStrategy(Wait.forHttp('/healthz', 4010).forStatusCode(200))
    .withStartupTimeout(60_000)
    .start()
  try {
    const baseURL = `http://${container.getHost()}:${container.getMappedPort(4010)}/api/v1`
    const response = await fetch(`${baseURL}/models?type=all`, { headers: { authorization: 'Bearer tc-key' } })
    assert.equal(response.status, 200)
    assert.ok((await response.json()).data.length > 0)
    assert.equal((await fetch(`${baseURL}/models`)).status, 200, 'no key is welcome, as live')
    assert.equal((await fetch(`${baseURL}/models`, { headers: { authorization: 'Bearer wrong-key' } })).status, 401, 'a key that is sent is checked')
  } finally {
    await container.stop()
  }
})
