// Prints the closing line of the test command: every tier's counts and their total.
import { readCounts } from './counts.mjs';

const tiers = readCounts().filter((t) => typeof t.passed === 'number');
let passed = 0;
let failed = 0;
let skipped = 0;
for (const t of tiers) {
  console.log(`  ${t.tier}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ''}`);
  passed += t.passed;
  failed += t.failed;
  skipped += t.skipped ?? 0;
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
