import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The shape of the code, checked: no import cycles (a cycle is how a module ends up half-initialised at start-up
// and how domains grow into one), and other domains reach the threads domain only through its index.ts.

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** Relative imports and re-exports of a file (type-only ones too: they tie the modules' designs together). */
function relativeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specs = [...text.matchAll(/^(?:import|export)\b[^'";]*?from\s+'(\.[^']+)'/gms), ...text.matchAll(/import\('(\.[^']+)'\)/g)].map((m) => m[1]);
  return specs.map((spec) => resolve(path.dirname(file), spec)).filter((f): f is string => !!f);
}

function resolve(from: string, spec: string): string | undefined {
  const base = path.resolve(from, spec);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => { try { return statSync(f).isFile(); } catch { return false; } });
}

function cycles(dir: string): string[][] {
  const graph = new Map(sourceFiles(dir).map((f) => [f, relativeImports(f)]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string) => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map((f) => path.relative(dir, f)));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe('the shape of the code', () => {
  for (const part of ['server/src', 'client/src', 'shared/src']) {
    it(`${part} has no import cycles`, () => {
      expect(cycles(path.join(ROOT, part))).toEqual([]);
    });
  }

  it('other server domains import the threads domain through its index.ts only', () => {
    const server = path.join(ROOT, 'server/src');
    const reachingIn = sourceFiles(server)
      .filter((f) => !f.startsWith(path.join(server, 'threads')))
      .filter((f) => /from '\.\.\/threads\/[^']+'/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(server, f));
    expect(reachingIn).toEqual([]);
  });
});
