/**
 * The API reference of the module's public entries, read from their doc comments with the TypeScript
 * compiler API at build time. Chapter 7 renders it, and a unit test fails when an export has no doc
 * comment, so the reference and the code cannot drift apart.
 */
import { relative, resolve } from 'node:path';
import ts from 'typescript';

/** A public entry of the package: its `exports` subpath and its source file. */
export type ApiEntryPoint = { subpath: string; file: string };

/** The entries chapter 7 documents, relative to the project root. */
export const API_ENTRY_POINTS: ApiEntryPoint[] = [
  { subpath: '@vq-vae-live/vq', file: 'src/lib/vq/index.ts' },
  { subpath: 'vq-vae-explained-live/engine', file: 'src/lib/engine/index.ts' },
];

/** What kind of declaration an export is. */
export type ApiKind = 'function' | 'class' | 'interface' | 'type' | 'const';

/** A public method or property of an exported class. */
export type ApiMember = { name: string; isStatic: boolean; signature: string; doc: string };

/** One exported name, with its doc comment and a one-line signature. */
export type ApiExport = {
  name: string;
  kind: ApiKind;
  /** A one-line signature for functions, methods and constants; the bare name for types. */
  signature: string;
  /** The doc comment's text, or '' when there is none. */
  doc: string;
  /** The file that declares it, relative to the project root. */
  source: string;
  members: ApiMember[];
};

/** The reference of one entry point: its exports in alphabetical order within each kind. */
export type ApiModule = { subpath: string; file: string; exports: ApiExport[] };

const KIND_ORDER: ApiKind[] = ['class', 'function', 'const', 'interface', 'type'];
const MAX_SIGNATURE = 240;

/** Reads the exports of each entry point (relative to `root`) and their doc comments. */
export function readApiReference(root: string = process.cwd(), entries: ApiEntryPoint[] = API_ENTRY_POINTS): ApiModule[] {
  const files = entries.map((entry) => resolve(root, entry.file));
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    noEmit: true,
    strict: true,
    skipLibCheck: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  return entries.map((entry, i) => {
    const source = program.getSourceFile(files[i]);
    if (!source) throw new Error(`api-reference: cannot read ${entry.file}`);
    const moduleSymbol = checker.getSymbolAtLocation(source);
    if (!moduleSymbol) throw new Error(`api-reference: ${entry.file} is not a module`);
    const exports = checker.getExportsOfModule(moduleSymbol).map((symbol) => describeExport(checker, symbol, root));
    exports.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || a.name.localeCompare(b.name));
    return { subpath: entry.subpath, file: entry.file, exports };
  });
}

/** The names, as `entry: name`, of exports whose doc comment is missing or empty. */
export function undocumentedExports(modules: ApiModule[]): string[] {
  return modules.flatMap((module) => module.exports.filter((e) => e.doc.trim() === '').map((e) => `${module.file}: ${e.name}`));
}

function describeExport(checker: ts.TypeChecker, exported: ts.Symbol, root: string): ApiExport {
  const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const declaration = symbol.declarations?.[0];
  const name = exported.name;
  const doc = ts.displayPartsToString(symbol.getDocumentationComment(checker)).trim();
  const source = declaration ? relative(root, declaration.getSourceFile().fileName) : '';
  const base = { name, doc, source, members: [] as ApiMember[] };
  if (symbol.flags & ts.SymbolFlags.Class) {
    return { ...base, kind: 'class', signature: `class ${name}`, members: classMembers(checker, symbol) };
  }
  if (symbol.flags & ts.SymbolFlags.Function) {
    const signatures = checker.getTypeOfSymbol(symbol).getCallSignatures();
    return { ...base, kind: 'function', signature: oneLine(`${name}${signatures[0] ? checker.signatureToString(signatures[0]) : '()'}`) };
  }
  if (symbol.flags & ts.SymbolFlags.Variable) {
    return { ...base, kind: 'const', signature: oneLine(`${name}: ${checker.typeToString(checker.getTypeOfSymbol(symbol))}`) };
  }
  if (symbol.flags & ts.SymbolFlags.Interface) return { ...base, kind: 'interface', signature: `interface ${name}` };
  return { ...base, kind: 'type', signature: `type ${name}` };
}

/** Public static and instance members of a class that carry a name readers can call. */
function classMembers(checker: ts.TypeChecker, symbol: ts.Symbol): ApiMember[] {
  const members: ApiMember[] = [];
  const collect = (properties: ts.Symbol[], isStatic: boolean) => {
    for (const property of properties) {
      const declaration = property.valueDeclaration ?? property.declarations?.[0];
      if (!declaration || property.name.startsWith('#') || property.name === 'prototype') continue;
      const modifiers = ts.getCombinedModifierFlags(declaration);
      if (modifiers & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
      if (ts.isPrivateIdentifier((declaration as ts.NamedDeclaration).name as ts.Node)) continue;
      const type = checker.getTypeOfSymbolAtLocation(property, declaration);
      const call = type.getCallSignatures()[0];
      const signature = call ? `${property.name}${checker.signatureToString(call)}` : `${property.name}: ${checker.typeToString(type)}`;
      members.push({ name: property.name, isStatic, signature: oneLine(signature), doc: ts.displayPartsToString(property.getDocumentationComment(checker)).trim() });
    }
  };
  collect(checker.getPropertiesOfType(checker.getTypeOfSymbol(symbol)), true);
  collect(checker.getPropertiesOfType(checker.getDeclaredTypeOfSymbol(symbol)), false);
  return members;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ');
  return flat.length > MAX_SIGNATURE ? `${flat.slice(0, MAX_SIGNATURE - 1)}…` : flat;
}
