// The app's plugin registry, loaded once per process: third-party plugins are inspected in workers, which is
// far too slow (and too risky) to repeat on every request. An admin's "Reload plugins" loads it afresh.
import { getAppContext, dataDirectory } from "./app-context.server";
import { loadPlugins, pluginPackagesSetting, type RegisteredPlugin } from "./plugin-registry.server";

interface Catalog {
  plugins: readonly RegisteredPlugin[];
  loadedAt: string;
}

let current: Promise<Catalog> | undefined;

async function load(): Promise<Catalog> {
  const { storage } = await getAppContext();
  const plugins = await loadPlugins({ dataDir: dataDirectory(), packages: await pluginPackagesSetting(storage) });
  return { plugins, loadedAt: new Date().toISOString() };
}

/** Every plugin (usable or not, built-ins first), loaded on first use. */
export async function getPluginRegistry(): Promise<readonly RegisteredPlugin[]> {
  return (await getCatalog()).plugins;
}

/** The registry with when it was loaded, for the admin page. */
export function getCatalog(): Promise<Catalog> {
  current ??= load().catch((error: unknown) => {
    // A failed load must not stick: the next request tries again.
    current = undefined;
    throw error;
  });
  return current;
}

/** Loads the plugins again (after an admin installed or removed one); requests in flight keep the old list. */
export async function reloadPluginRegistry(): Promise<readonly RegisteredPlugin[]> {
  const next = load();
  current = next;
  try {
    return (await next).plugins;
  } catch (error) {
    current = undefined;
    throw error;
  }
}

/** Tests run against a chosen list (e.g. a plugin with a settings schema); undefined goes back to loading. */
export function setPluginRegistry(plugins: readonly RegisteredPlugin[] | undefined): void {
  current = plugins ? Promise.resolve({ plugins, loadedAt: new Date().toISOString() }) : undefined;
}
