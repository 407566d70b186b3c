// The committed tool data (data/tools/<tool>.json) still says what the installed tools say: the
// capture (scripts/toolsCapture.mjs) runs again, in memory, against qemu-img, qemu-nbd, virsh,
// virt-install, virt-xml, virt-clone, swtpm and virtiofsd (CI installs the same Debian packages
// as the machine that wrote the files). Any difference fails with the command to re-run.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { captureTool, findTool, parseOptionLines, TOOL_NAMES } from '../../scripts/toolsCapture.mjs';

const root = path.resolve(__dirname, '../..');
const RERUN = 'Re-run `npm run capture:tools` and commit data/tools/.';

describe('tool data drift: data/tools/*.json against the installed tools', function () {
  this.timeout(120_000);
  for (const tool of TOOL_NAMES) {
    it(`${tool}: same version, subcommands, options and keys as the installed ${tool}`, function () {
      if (!findTool(tool)) {
        // CI installs every tool (.ci/run); only a developer machine may lack one.
        if (process.env.CI) assert.fail(`${tool} is not installed`);
        this.skip();
      }
      const committed = JSON.parse(readFileSync(path.join(root, 'data/tools', `${tool}.json`), 'utf8'));
      delete committed.$comment;
      delete committed.captured;
      const installed = captureTool(tool);
      assert.ok(installed, `${tool}: the capture found nothing`);
      assert.equal(installed.version, committed.version, `${tool} version changed. ${RERUN}`);
      assert.deepEqual(JSON.parse(JSON.stringify(installed)), committed, `${tool}: its help changed. ${RERUN}`);
    });
  }

  it('reads the help layouts the tools use (so a parser change shows here, not as silent loss)', () => {
    assert.deepEqual(Object.keys(parseOptionLines('  -c | --connect=URI      hypervisor connection URI\n')), [
      '-c',
      '--connect',
    ]);
    assert.deepEqual(Object.keys(parseOptionLines('  -n NAME, --name NAME  Name of the guest\n')), ['-n', '--name']);
    assert.deepEqual(Object.keys(parseOptionLines('    -h   --help                print help\n')), ['-h', '--help']);
    assert.deepEqual(parseOptionLines('-p|--port <port> : use the given port\n'), {
      '-p': 'use the given port',
      '--port': 'use the given port',
    });
    assert.deepEqual(parseOptionLines('    [--domain] <string>  domain name, id or uuid\n'), {
      '--domain': 'domain name, id or uuid',
    });
  });
});
