// The core makes no sentence a user reads: it says why, as a reason with parameters (shared/ipc/errors.ts), and the
// renderer words it in French or English. This reads every string literal in main/core and fails on French in one,
// outside a short list of file formats (and of known debts, each named, which must shrink: an entry that no longer
// matches anything fails too). Comments are not literals: they may quote the French screens.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** French letters and typography, an elided article (« l'offre », « n'est »), or a French function word. */
const FRENCH = /[àâäçéèêëîïôöùûüÿœæÀÂÇÉÈÊËÎÏÔÙÛÜŸŒÆ«»’]|\b(?:[ldnjs]|qu)'\p{L}|\b(?:les|des|une|est|vous|votre|vos|pas|sur|dans|pour|avec|ne|se)\b/iu;

type Allowed = { file: string; literal: RegExp; why: string };
const ALLOWED: Allowed[] = [
  {
    file: 'main/core/exports/candidatures-csv.ts',
    literal: /./,
    why: 'the CSV export is a file format whose French column headers and values the structures import as they are',
  },
  {
    file: 'main/core/local-database.ts',
    literal: /^Décisions prises dans RafaelPro Desktop/,
    why: 'the note at the head of the readable file of unsent decisions, a file format with French keys',
  },
];

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : /\.ts$/.test(name) ? [file] : [];
  });
}

type Found = { file: string; line: number; text: string };

/** The string literals of a source (template parts included) that read as French. */
function frenchLiterals(file: string, source: string): Found[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
  const found: Found[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteralLike(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const { text } = node as ts.LiteralLikeNode;
      if (FRENCH.test(text)) found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, text });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

const allowedFor = (f: Found) => ALLOWED.find((a) => a.file === f.file.split(path.sep).join('/') && a.literal.test(f.text));

describe('no French sentence made in the core', () => {
  const all = sources('main/core').flatMap((file) => frenchLiterals(file, readFileSync(file, 'utf8')));

  it('main/core string literals are not French, outside the file formats and the named debts', () => {
    expect(all.filter((f) => !allowedFor(f)).map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it('every allowance still matches something (the list only shrinks)', () => {
    const stale = ALLOWED.filter((a) => !all.some((f) => allowedFor(f) === a)).map((a) => `${a.file} ${a.literal}`);
    expect(stale).toEqual([]);
  });

  it('the scan catches French and lets English and comments through', () => {
    const caught = (code: string) => frenchLiterals('x.ts', code).map((f) => f.text);
    expect(caught("throw new Error('Cette session est fermée.');")).toEqual(['Cette session est fermée.']);
    expect(caught("const m = `Préinscription de ${name}`;")).toEqual(['Préinscription de ']);
    expect(caught("const m = \"L'application se ferme.\";")).toEqual(["L'application se ferme."]);
    expect(caught("const m = 'Connectez-vous pour continuer : la session ne se renouvelle pas.';")).toHaveLength(1);
    expect(caught("// « Avis retenu » in a comment\nconst m = 'session not in the local data';")).toEqual([]);
    expect(caught("const sql = 'select id, summary from outbox where structure_id = ? order by seq';")).toEqual([]);
  });
});
