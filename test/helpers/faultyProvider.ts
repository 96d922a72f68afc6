import type { ChainProvider } from "../../server/chain/chainProvider";

/**
 * The real chain behind a switch: while it is off, every call of the provider fails as a node that
 * cannot be reached does. For tests of what the service does when the chain is down; the chain
 * itself is the real in-process one.
 */
export function faultyProvider(provider: ChainProvider) {
  let down = false;
  const proxy = new Proxy(provider, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => (down ? Promise.reject(new Error("connect ECONNREFUSED: the node is down")) : value.apply(target, args));
    },
  });
  return {
    provider: proxy,
    goDown: () => void (down = true),
    comeBack: () => void (down = false),
  };
}
