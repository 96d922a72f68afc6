import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import type { Express } from "express";

// Checks of an OpenAPI 3.1 document without a network: its structure by hand, its schemas with
// Ajv (JSON Schema 2020-12, strict), and the app's routes against its paths.

type Json = any; // An OpenAPI document is checked field by field below.

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"] as const;

/** Every operation of the document, as "METHOD /path/{param}". */
export function documentedOperations(doc: Json): string[] {
  return Object.entries(doc.paths as Record<string, Json>)
    .flatMap(([path, item]) => HTTP_METHODS.filter((method) => item[method]).map((method) => `${method.toUpperCase()} ${path}`))
    .sort();
}

interface ListedRoute {
  path: string | RegExp;
  methods: string[] | undefined;
  router: RouterLike | undefined;
}
interface RouterLike {
  listRoutes?: () => ListedRoute[];
}

const joinPaths = (prefix: string, path: string) => `${prefix.replace(/\/$/, "")}${path}`.replace(/(.)\/$/, "$1") || "/";

/**
 * Every route the app serves, as "METHOD /path/{param}", walking the routers it mounts. HEAD is
 * left out: Express answers it for every GET.
 */
export function servedOperations(app: Express): string[] {
  const walk = (router: RouterLike, prefix: string): string[] => {
    if (typeof router.listRoutes !== "function") throw new Error("this router cannot list its routes (router 2.3 or later needed)");
    return router.listRoutes().flatMap(({ path, methods, router: mounted }) => {
      if (typeof path !== "string") throw new Error(`route ${String(path)} is not a path pattern the document can name`);
      const full = joinPaths(prefix, path);
      if (mounted) return walk(mounted, full);
      const template = full.replace(/:(\w+)/g, "{$1}");
      return (methods ?? []).filter((method) => method !== "HEAD").map((method) => `${method} ${template}`);
    });
  };
  return [...new Set(walk(app.router as RouterLike, ""))].sort();
}

/** The problems of an OpenAPI 3.1 document's structure; empty when there are none. */
export function openApiProblems(doc: Json): string[] {
  const problems: string[] = [];
  const expect = (ok: unknown, problem: string) => {
    if (!ok) problems.push(problem);
  };
  expect(/^3\.1\.\d+$/.test(doc.openapi), `openapi is ${doc.openapi}, not 3.1.x`);
  expect(typeof doc.info?.title === "string" && typeof doc.info?.version === "string", "info needs a title and a version");
  const tags = new Set((doc.tags ?? []).map((tag: Json) => tag.name));
  const schemes = new Set(Object.keys(doc.components?.securitySchemes ?? {}));
  const operationIds = new Set<string>();
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    expect(path.startsWith("/") && !path.includes(":"), `${path}: a path starts with / and names parameters {like_this}`);
    const inPath = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    for (const method of HTTP_METHODS.filter((m) => item[m])) {
      const at = `${method.toUpperCase()} ${path}`;
      const operation = item[method];
      expect(typeof operation.operationId === "string" && !operationIds.has(operation.operationId), `${at}: needs a unique operationId`);
      operationIds.add(operation.operationId);
      for (const tag of operation.tags ?? []) expect(tags.has(tag), `${at}: tag ${tag} is not declared`);
      for (const requirement of operation.security ?? []) {
        for (const name of Object.keys(requirement)) expect(schemes.has(name), `${at}: security scheme ${name} is not declared`);
      }
      const pathParams = (operation.parameters ?? []).filter((p: Json) => p.in === "path");
      for (const name of inPath) {
        expect(pathParams.some((p: Json) => p.name === name && p.required === true), `${at}: {${name}} needs a required path parameter`);
      }
      for (const param of operation.parameters ?? []) {
        expect(["path", "query", "header", "cookie"].includes(param.in) && typeof param.name === "string", `${at}: bad parameter`);
        expect(param.in !== "path" || inPath.includes(param.name), `${at}: path parameter ${param.name} is not in the path`);
        expect(param.schema !== undefined, `${at}: parameter ${param.name} needs a schema`);
      }
      const responses = Object.entries(operation.responses ?? {});
      expect(responses.length > 0, `${at}: needs responses`);
      for (const [status, response] of responses as [string, Json][]) {
        expect(/^([1-5]\d\d|[1-5]XX|default)$/.test(status), `${at}: bad response status ${status}`);
        expect(typeof response.description === "string", `${at} ${status}: a response needs a description`);
      }
    }
  }
  for (const ref of JSON.stringify(doc).matchAll(/"\$ref":"([^"]*)"/g)) {
    expect(resolvePointer(doc, ref[1]!) !== undefined, `$ref ${ref[1]} does not resolve`);
  }
  return problems;
}

function resolvePointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith("#/")) return undefined;
  return ref
    .slice(2)
    .split("/")
    .map((part) => part.replaceAll("~1", "/").replaceAll("~0", "~"))
    .reduce((node: Json, part) => node?.[part], doc);
}

/**
 * An Ajv instance (strict: an unknown keyword or format is an error) that knows the document's
 * component schemas, and compiles the document's schemas as JSON Schema 2020-12.
 */
export function schemaCompiler(doc: Json): (schema: Json) => ValidateFunction {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat("date-time", (value: string) => /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value) && !Number.isNaN(Date.parse(value)));
  // Components become $defs of one schema, so that their $refs resolve in Ajv.
  const local = (schema: Json) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', '"urn:openapi:components#/$defs/'));
  ajv.addSchema({ $id: "urn:openapi:components", $defs: local(doc.components?.schemas ?? {}) });
  return (schema) => ajv.compile(local(schema));
}

/** Every schema of the document: components, parameters, request bodies and responses, by where it is. */
export function documentSchemas(doc: Json): [string, Json][] {
  const found: [string, Json][] = Object.entries(doc.components?.schemas ?? {}).map(([name, schema]) => [`#/components/schemas/${name}`, schema]);
  for (const [path, item] of Object.entries(doc.paths as Record<string, Json>)) {
    for (const method of HTTP_METHODS.filter((m) => item[m])) {
      const at = `${method.toUpperCase()} ${path}`;
      const operation = item[method];
      for (const param of operation.parameters ?? []) found.push([`${at} parameter ${param.name}`, param.schema]);
      for (const [type, media] of Object.entries(operation.requestBody?.content ?? {}) as [string, Json][]) {
        found.push([`${at} body ${type}`, media.schema]);
      }
      for (const [status, response] of Object.entries(operation.responses ?? {}) as [string, Json][]) {
        for (const [type, media] of Object.entries(response.content ?? {}) as [string, Json][]) found.push([`${at} ${status} ${type}`, media.schema]);
      }
    }
  }
  return found;
}
