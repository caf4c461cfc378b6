// Each layer is type-checked with the globals its code really has at run time (tsconfig.json and the projects it
// references): shared sees neither the DOM nor Node, the renderer sees the DOM but not Node, end-to-end specs see both
// (their page.evaluate callbacks run in the page), everything else sees Node but not the DOM. Each case type-checks a snippet as if it lived at the given path, with the real project
// settings, and a last test proves every TypeScript file of the repository belongs to exactly one project.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFileSync } from 'node:child_process';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
const TIMEOUT = 60_000;
const PROJECTS = ['shared/tsconfig.json', 'renderer/tsconfig.json', 'tsconfig.node.json', 'test/e2e/tsconfig.json'] as const;

function parse(project: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(path.join(ROOT, project), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (!parsed) throw new Error(`cannot read ${project}`);
  return parsed;
}

/** The global-name errors (TS2304/TS2580/TS2584/TS2591…) of each snippet, type-checked in one program with `project`'s settings. */
function undefinedNames(project: string, snippets: Record<string, string>): Record<string, string[]> {
  const { options } = parse(project);
  const files = new Map(Object.entries(snippets).map(([rel, code]) => [path.join(ROOT, rel), code]));
  const host = ts.createCompilerHost(options);
  const readFile = host.readFile.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (f) => files.get(f) ?? readFile(f);
  host.fileExists = (f) => files.has(f) || ts.sys.fileExists(f);
  host.getSourceFile = (f, lang, ...rest) => (files.has(f) ? ts.createSourceFile(f, files.get(f)!, lang) : getSourceFile(f, lang, ...rest));
  const program = ts.createProgram([...files.keys()], options, host);
  return Object.fromEntries(
    [...files.keys()].map((f) => [
      path.relative(ROOT, f),
      ts.getPreEmitDiagnostics(program, program.getSourceFile(f)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' ')),
    ]),
  );
}

const cannotFind = (name: string) => [expect.stringMatching(new RegExp(`Cannot find name '${name}'`))];

describe('layer types', () => {
  it('shared sees neither the DOM nor Node, only the language', () => {
    expect(
      undefinedNames('shared/tsconfig.json', {
        'shared/domain/probe-dom.ts': 'export const w = document.title;',
        'shared/domain/probe-node.ts': 'export const e = process.env;',
        'shared/domain/probe-buffer.ts': "export const b = Buffer.from('x');",
        'shared/domain/probe-language.ts': 'export const d = new Intl.DateTimeFormat().format(new Date()) + JSON.stringify([1].at(0));',
      }),
    ).toEqual({
      'shared/domain/probe-dom.ts': cannotFind('document'),
      'shared/domain/probe-node.ts': cannotFind('process'),
      'shared/domain/probe-buffer.ts': cannotFind('Buffer'),
      'shared/domain/probe-language.ts': [],
    });
  }, TIMEOUT);

  it('the renderer sees the DOM, not Node', () => {
    expect(
      undefinedNames('renderer/tsconfig.json', {
        'renderer/src/probe-dom.ts': 'export const w: HTMLElement | null = document.getElementById("root");',
        'renderer/src/probe-node.ts': 'export const e = process.env;',
      }),
    ).toEqual({
      'renderer/src/probe-dom.ts': [],
      'renderer/src/probe-node.ts': cannotFind('process'),
    });
  }, TIMEOUT);

  it('main, preload, server, scripts, bench and test see Node, not the DOM', () => {
    expect(
      undefinedNames('tsconfig.node.json', {
        'main/core/probe-node.ts': "export const e = process.env; export const b = Buffer.from('x');",
        'main/core/probe-dom.ts': 'export const w = document.title;',
        'server/probe-dom.ts': 'export const s = localStorage;',
      }),
    ).toEqual({
      'main/core/probe-node.ts': [],
      'main/core/probe-dom.ts': cannotFind('document'),
      'server/probe-dom.ts': cannotFind('localStorage'),
    });
  }, TIMEOUT);

  it('end-to-end specs see Node and the DOM (page.evaluate callbacks run in the page)', () => {
    expect(
      undefinedNames('test/e2e/tsconfig.json', {
        'test/e2e/probe.spec.ts': "export const both = [process.env, typeof document.title, getComputedStyle];",
      }),
    ).toEqual({ 'test/e2e/probe.spec.ts': [] });
  }, TIMEOUT);

  it('every TypeScript file in the repository is checked by exactly one layer project', () => {
    const tracked = execFileSync('git', ['ls-files', '--cached', '*.ts', '*.tsx'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f !== '' && !f.endsWith('.d.ts') && fs.existsSync(path.join(ROOT, f)));
    const owners = new Map<string, string[]>();
    for (const project of PROJECTS) {
      for (const file of parse(project).fileNames) {
        const rel = path.relative(ROOT, file);
        owners.set(rel, [...(owners.get(rel) ?? []), project]);
      }
    }
    const misplaced = tracked.filter((f) => (owners.get(f) ?? []).length !== 1).map((f) => `${f}: ${owners.get(f)?.join(', ') ?? 'no project'}`);
    expect(misplaced).toEqual([]);
  });
});
