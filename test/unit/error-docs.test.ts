// Editors show JSDoc on hover: every exported error class, its `code`, and each
// public field a handler reads (`err.status`, `err.logTail`) must explain itself.
// Reads src/index.ts for the exported classes and checks them with the TypeScript
// compiler, so a new field without a doc comment fails here.
import { readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { expect, it } from "vitest";

const SRC = path.join(__dirname, "../../src");

/** `export { X } from "./file"` lines of src/index.ts whose names end in Error: name → file. */
function exportedErrors(): Map<string, string> {
  const index = ts.createSourceFile("index.ts", readFileSync(path.join(SRC, "index.ts"), "utf8"), ts.ScriptTarget.ES2022);
  const found = new Map<string, string>();
  for (const statement of index.statements) {
    if (!ts.isExportDeclaration(statement) || !statement.moduleSpecifier || !statement.exportClause || !ts.isNamedExports(statement.exportClause)) continue;
    const file = path.join(SRC, `${(statement.moduleSpecifier as ts.StringLiteral).text}.ts`);
    for (const element of statement.exportClause.elements) if (element.name.text.endsWith("Error")) found.set(element.name.text, file);
  }
  return found;
}

it("every exported error class and each of its public fields has a JSDoc comment", () => {
  const exported = exportedErrors();
  // Only the error files (and what they import): the whole package would take seconds to load.
  const program = ts.createProgram([...new Set(exported.values())], { target: ts.ScriptTarget.ES2022, strict: true, types: [] });
  const checker = program.getTypeChecker();
  const hasDoc = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).length > 0;

  const undocumented: string[] = [];
  for (const [name, file] of exported) {
    const cls = program.getSourceFile(file)!.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === name);
    if (!cls) continue; // a function such as isPipecatError
    if (!hasDoc(cls)) undocumented.push(name);
    for (const field of checker.getPropertiesOfType(checker.getTypeAtLocation(cls))) {
      for (const decl of field.declarations ?? []) {
        // Error's own name, message and stack are documented by the standard library.
        if (decl.getSourceFile().isDeclarationFile || !(ts.isPropertyDeclaration(decl) || ts.isParameter(decl))) continue;
        if (ts.getCombinedModifierFlags(decl) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
        if (!hasDoc(decl)) undocumented.push(`${name}.${decl.name.getText()}`);
      }
    }
  }
  expect([...exported.keys()]).toContain("ApiError"); // the walk found the classes
  expect(undocumented).toEqual([]);
});
