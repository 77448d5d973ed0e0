// Types that document themselves: in the .d.ts files the tarball ships, every
// property of every resource class (any class extending a Pulumi resource, so
// resources added later are covered without touching this test) and of every
// interface declared beside it carries JSDoc.
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import { expect, inject, it } from "vitest";

const dist = path.join(inject("consumerDir"), "node_modules", "pulumi-pipecat-cloud", "dist");

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? declarationFiles(path.join(dir, e.name)) : e.name.endsWith(".d.ts") ? [path.join(dir, e.name)] : [],
  );
}

const hasJsDoc = (node: ts.Node) => ts.getJSDocCommentsAndTags(node).length > 0;
const extendsResource = (c: ts.ClassDeclaration) =>
  (c.heritageClauses ?? []).some((h) => h.token === ts.SyntaxKind.ExtendsKeyword && h.types.some((t) => /Resource$/.test(t.expression.getText())));

interface Found {
  resources: string[];
  properties: string[];
  undocumented: string[];
}

function scan(file: string): Found {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const classes = source.statements.filter((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && extendsResource(s));
  const found: Found = { resources: classes.map((c) => c.name!.text), properties: [], undocumented: [] };
  if (classes.length === 0) return found;
  const where = path.relative(dist, file);
  const check = (owner: string, member: ts.Node & { name?: ts.PropertyName }) => {
    if (!member.name || !(ts.isPropertyDeclaration(member) || ts.isPropertySignature(member))) return;
    const name = `${where} ${owner}.${member.name.getText()}`;
    found.properties.push(name);
    if (!hasJsDoc(member)) found.undocumented.push(name);
  };
  for (const c of classes) for (const m of c.members) check(c.name!.text, m);
  for (const s of source.statements) {
    if (ts.isInterfaceDeclaration(s)) for (const m of s.members) check(s.name.text, m);
  }
  return found;
}

const results = declarationFiles(dist).map(scan);
const all = {
  resources: results.flatMap((r) => r.resources),
  properties: results.flatMap((r) => r.properties),
  undocumented: results.flatMap((r) => r.undocumented),
};

it("finds the resource classes and their types in the shipped .d.ts", () => {
  expect(all.resources).toContain("PipecatAgent");
  for (const name of ["PipecatAgent.ready", "PipecatAgentArgs.websocketAuth", "RevisionInfo.phase", "RevisionHealth.reason", "DeploymentInfo.id", "AutoScalingArgs.minAgents", "KrispVivaArgs.audioFilter"]) {
    expect(all.properties.some((p) => p.endsWith(` ${name}`))).toBe(true);
  }
});

it("every exported property of a resource and of the types beside it has JSDoc", () => {
  expect(all.undocumented).toEqual([]);
});

it("deprecated inputs and outputs are marked @deprecated", () => {
  const text = readFileSync(path.join(dist, "agent", "resource.d.ts"), "utf8");
  for (const name of ["enableKrisp", "enableManagedKeys", "activeDeploymentId", "activeDeploymentReady"]) {
    const count = [...text.matchAll(new RegExp(`@deprecated[^/]*\\*/\\s*(readonly )?${name}\\??:`, "g"))].length;
    expect(count, name).toBeGreaterThan(0);
  }
});
