// Editors show JSDoc on hover: every class, interface and object type exported by the
// package's entry points (the root, /testing, /simulator, /provider), and each public field
// of it, explains itself. New exports are covered without touching this test.
import * as path from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";

const SRC = path.join(__dirname, "../../src");
const ENTRIES = ["index.ts", "testing/index.ts", "simulator/index.ts", "providers.ts"].map((f) => path.join(SRC, f));

type Declaration = ts.InterfaceDeclaration | ts.ClassDeclaration | ts.TypeAliasDeclaration;

function exportedDeclarations(): Declaration[] {
  const program = ts.createProgram(ENTRIES, { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, esModuleInterop: true });
  const checker = program.getTypeChecker();
  const found = new Set<Declaration>();
  for (const entry of ENTRIES) {
    for (const exported of checker.getExportsOfModule(checker.getSymbolAtLocation(program.getSourceFile(entry)!)!)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      for (const d of symbol.declarations ?? []) {
        if (ts.isInterfaceDeclaration(d) || ts.isClassDeclaration(d) || (ts.isTypeAliasDeclaration(d) && ts.isTypeLiteralNode(d.type))) found.add(d);
      }
    }
  }
  return [...found];
}

const hasDoc = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).length > 0;
const isPublic = (node: ts.Declaration) => (ts.getCombinedModifierFlags(node) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;

it("every exported type and each of its public fields has a JSDoc comment", () => {
  const declarations = exportedDeclarations();
  const where = (d: ts.Node) => `${path.relative(SRC, d.getSourceFile().fileName)}`;
  const undocumented: string[] = [];
  for (const d of declarations) {
    const name = d.name?.getText() ?? "(anonymous)";
    if (!hasDoc(d)) undocumented.push(`${where(d)} ${name}`);
    const members = ts.isTypeAliasDeclaration(d) ? (d.type as ts.TypeLiteralNode).members : d.members;
    for (const m of members) {
      const field = ts.isPropertySignature(m) || ts.isPropertyDeclaration(m) || ts.isMethodSignature(m);
      if (field && isPublic(m) && !hasDoc(m)) undocumented.push(`${where(d)} ${name}.${m.name.getText()}`);
    }
  }
  // The walk must see what it claims to check: the resources, the errors, the mocks and the simulator.
  const names = declarations.map((d) => d.name?.getText());
  expect(names).toEqual(expect.arrayContaining(["PipecatAgent", "PipecatAgentArgs", "ApiError", "PipecatMocks", "SimulatorOptions", "ProviderOptions"]));
  expect(undocumented).toEqual([]);
});
