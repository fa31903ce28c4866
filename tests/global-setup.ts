import { execFileSync } from 'node:child_process';

/** Builds the client once per test run: the browser tests drive the real built portal. */
export default function setup(): void {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: new URL('../client', import.meta.url).pathname, stdio: 'inherit' });
}
