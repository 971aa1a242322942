import { fileURLToPath } from 'node:url';
import { boundaryViolations } from './module-boundaries.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const violations = boundaryViolations(root);
if (violations.length) {
  console.error(`Module boundary violations (${violations.length}):\n${violations.join('\n')}`);
  process.exit(1);
}
console.log('module boundaries: ok');
