// Providers to compare PipecatAgent's serialized provider with. Copied into the bench's
// consumer project and serialized by serialize.js exactly as a Pulumi program would.
// Each captures only the module-scope names its methods use.
"use strict";
const undici = require("undici");
const zod = require("zod");
const { request } = require("undici");
const { z } = require("zod");

/** Methods that return constants: the floor for size and host cost. */
exports.trivial = {
  async check(_olds, news) { return { inputs: news }; },
  async diff() { return {}; },
  async create(inputs) { return { id: inputs.agentName, outs: inputs }; },
  async read(id, props) { return { id, props }; },
  async update(_id, _olds, news) { return { outs: news }; },
  async delete() {},
};

// In the style of Pulumi's dynamic provider docs: modules imported at the top of the
// file, used directly in the methods. The API settings come from the environment.

/** `{ request }` from undici and `{ z }` from zod at module scope; schemas built in the methods. */
exports.naive = {
  async check(_olds, news) {
    const parsed = z.object({ agentName: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])$/), image: z.string() }).safeParse(news);
    return parsed.success ? { inputs: news } : { failures: parsed.error.issues.map((i) => ({ property: String(i.path[0]), reason: i.message })) };
  },
  async diff(_id, olds, news) { return { changes: olds.image !== news.image }; },
  async create(inputs) {
    const res = await request(`${process.env.PIPECAT_API_URL}/v1/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.PIPECAT_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ serviceName: inputs.agentName, image: inputs.image }),
    });
    const agent = z.object({ name: z.string() }).passthrough().parse(await res.body.json());
    return { id: agent.name, outs: { ...inputs, ready: agent.ready } };
  },
};

/** The same, plus a zod schema defined once at module scope. */
const agentSchema = z.object({ agentName: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])$/), image: z.string() });
exports.naiveSchema = {
  ...exports.naive,
  async check(_olds, news) {
    const parsed = agentSchema.safeParse(news);
    return parsed.success ? { inputs: news } : { failures: parsed.error.issues.map((i) => ({ property: String(i.path[0]), reason: i.message })) };
  },
};

/** `{ request }` from undici only; inputs checked by hand. */
exports.naiveUndici = {
  async check(_olds, news) {
    return /^[a-z0-9]([-a-z0-9]*[a-z0-9])$/.test(String(news.agentName)) ? { inputs: news } : { failures: [{ property: "agentName", reason: "invalid" }] };
  },
  async diff(_id, olds, news) { return { changes: olds.image !== news.image }; },
  async create(inputs) {
    const res = await request(`${process.env.PIPECAT_API_URL}/v1/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.PIPECAT_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ serviceName: inputs.agentName, image: inputs.image }),
    });
    const agent = await res.body.json();
    return { id: agent.name, outs: { ...inputs, ready: agent.ready } };
  },
};

/** Whole module objects at module scope (`import * as undici from "undici"`). */
exports.naiveModules = {
  async check(_olds, news) {
    const parsed = zod.z.object({ agentName: zod.z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])$/), image: zod.z.string() }).safeParse(news);
    return parsed.success ? { inputs: news } : { failures: parsed.error.issues.map((i) => ({ property: String(i.path[0]), reason: i.message })) };
  },
  async diff(_id, olds, news) { return { changes: olds.image !== news.image }; },
  async create(inputs) {
    const res = await undici.request(`${process.env.PIPECAT_API_URL}/v1/agents`, {
      method: "POST",
      headers: { authorization: `Bearer ${process.env.PIPECAT_API_KEY}`, "content-type": "application/json" },
      body: JSON.stringify({ serviceName: inputs.agentName, image: inputs.image }),
    });
    const agent = zod.z.object({ name: zod.z.string() }).passthrough().parse(await res.body.json());
    return { id: agent.name, outs: { ...inputs, ready: agent.ready } };
  },
};
