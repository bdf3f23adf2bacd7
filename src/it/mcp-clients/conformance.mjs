// Runs the MCP conformance suite's server scenarios that apply to calendly-mcp against one URL,
// each in its own process (a failed scenario leaves its session's stream open, which would count
// against the next ones' session limit), all at once, and exits 1 if any check failed.
//
// Usage: node conformance.mjs http://127.0.0.1:PORT/mcp [output-dir]
//
// The other scenarios of `conformance list` test the reference server's fixtures (tools named
// test_simple_text and the like, resources under test://, prompts named test_*), which
// calendly-mcp does not offer and should not; see docs/resources.md.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const SCENARIOS = [
  'server-initialize',
  'ping',
  'logging-set-level',
  'tools-list',
  'resources-list',
  'prompts-list',
  'server-sse-multiple-streams',
  'server-sse-polling',
  'dns-rebinding-protection',
];

const url = process.argv[2];
if (!url) {
  console.error('usage: node conformance.mjs <mcp-url> [output-dir]');
  process.exit(2);
}
const out = process.argv[3] ?? mkdtempSync(join(tmpdir(), 'mcp-conformance-'));
const require = createRequire(import.meta.url);
const cli = join(dirname(require.resolve('@modelcontextprotocol/conformance/package.json')), 'dist', 'index.js');

function run(scenario) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, 'server', '--url', url, '--scenario', scenario, '-o', join(out, scenario)],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('close', (code) => resolve({ scenario, code, stderr }));
  });
}

const runs = await Promise.all(SCENARIOS.map(run));
let failed = 0;
for (const { scenario, code, stderr } of runs) {
  const dir = join(out, scenario);
  let checks = [];
  try {
    for (const entry of readdirSync(dir)) {
      checks = checks.concat(JSON.parse(readFileSync(join(dir, entry, 'checks.json'), 'utf8')));
    }
  } catch (e) {
    console.log(`${scenario}: no results (exit ${code}) ${stderr.trim().split('\n').slice(-3).join(' | ')}`);
    failed++;
    continue;
  }
  for (const check of checks.filter((c) => c.status !== 'INFO')) {
    console.log(`${scenario}: ${check.status} ${check.name}${check.errorMessage ? ' - ' + check.errorMessage : ''}`);
    if (check.status === 'FAILURE') failed++;
  }
}
console.log(failed === 0 ? `all ${SCENARIOS.length} scenarios passed` : `${failed} check(s) failed`);
process.exit(failed === 0 ? 0 : 1);
