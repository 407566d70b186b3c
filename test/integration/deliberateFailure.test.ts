// Loaded only with VIRTKIT_DELIBERATE_FAILURE=1: .ci/run uses it to prove that a failing
// test inside the extension host makes the test command fail.
import * as assert from 'node:assert/strict';

describe('deliberate failure', () => {
  it('fails on purpose', () => {
    assert.fail('this test fails on purpose (VIRTKIT_DELIBERATE_FAILURE=1)');
  });
});
