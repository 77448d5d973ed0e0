// One API client (hence one keep-alive pool) per provider instance and
// connection, made on first use: preview's check and diff never load the HTTP
// stack, nor (through `load`) the provider's API wrapper and its schemas.
import type { ClientOptions, PipecatClient } from "../client/client";
import { pollCapMs, resolveConnection, type ConfiguredSettings, type Connection } from "../config";

export class ApiCache<T extends { client: PipecatClient }> {
  private current?: { key: string; api: T };

  /** `load` gives the class that wraps the client, e.g. `async () => (await import("./api")).AgentsApi`. */
  constructor(private readonly load: () => Promise<new (client: PipecatClient) => T>) {}

  /** The client for the provider's stack config (or the environment); a bad setting fails here, before anything is sent. */
  async forConfig(configured: ConfiguredSettings, env: NodeJS.ProcessEnv | undefined, options?: Partial<ClientOptions>): Promise<T> {
    const connection = resolveConnection(configured, env ?? process.env);
    pollCapMs(configured);
    return this.get(connection, options);
  }

  async get(connection: Connection, options: Partial<ClientOptions> = {}): Promise<T> {
    const key = `${connection.baseUrl}\n${connection.apiKey}`;
    if (this.current?.key !== key) {
      const [{ PipecatClient: Client }, Api] = await Promise.all([import("../client/client"), this.load()]);
      // Concurrent first calls all get here: the first to resume creates the client.
      if (this.current?.key !== key) {
        void this.current?.api.client.close();
        this.current = { key, api: new Api(new Client({ ...options, baseUrl: connection.baseUrl, apiKey: connection.apiKey })) };
      }
    }
    return this.current!.api;
  }
}
