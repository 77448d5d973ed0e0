// Every type, value and field the simulator's entry point exports carries JSDoc: the
// package ships `pulumi-pipecat-cloud/simulator`, and its .d.ts is what users read.
import * as path from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";

const entry = path.resolve(__dirname, "../../src/simulator/index.ts");

/** "Name" or "Name.field.sub" for every exported declaration or field without a JSDoc comment. */
function undocumented(): string[] {
  // Only declarations are read, never type-checked: no lib or @types to load.
  const program = ts.createProgram([entry], { noLib: true, types: [], noEmit: true });
  const checker = program.getTypeChecker();
  const missing: string[] = [];
  const hasDoc = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).length > 0;
  // Fields of object types written in the declaration (interfaces, type literals, union members).
  const visitMembers = (node: ts.Node, owner: string): void => {
    if ((ts.isPropertySignature(node) || ts.isMethodSignature(node)) && node.name) {
      const name = `${owner}.${node.name.getText()}`;
      if (!hasDoc(node)) missing.push(name);
      if (node.type) visitMembers(node.type, name);
      return;
    }
    ts.forEachChild(node, (child) => visitMembers(child, owner));
  };
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry)!)!;
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    for (const decl of symbol.declarations ?? []) {
      // `export const X = ...`: the JSDoc sits on the variable statement.
      const documented = ts.isVariableDeclaration(decl) ? hasDoc(decl.parent.parent) : hasDoc(decl);
      if (!documented) missing.push(exported.name);
      if (ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl)) visitMembers(decl, exported.name);
    }
  }
  return missing;
}

it("every export of pulumi-pipecat-cloud/simulator, and every field of its types, has JSDoc", () => {
  expect(undocumented()).toEqual([]);
}, 30_000);
