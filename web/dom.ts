/** What `h` and the result area accept as content: falsy values are skipped. */
export type Child = Node | string | null | undefined | false;
type Attributes = Record<string, string | number | boolean | null | undefined>;

/**
 * Builds an element. Children are appended as nodes or text, never parsed as HTML, so an
 * article's text or an API answer cannot inject markup. `false`, null and undefined are skipped
 * (attributes and children alike), which keeps conditional parts inline.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  element.append(...present(children.flat()));
  return element;
}

/** The nodes and strings among some content, without the falsy values that stand for "nothing". */
export const present = (content: readonly Child[]): (Node | string)[] =>
  content.filter((child): child is Node | string => child !== null && child !== undefined && child !== false);

/** The element with this id, which the page's HTML must have, of the expected type. */
export function byId<T extends HTMLElement>(id: string, type: { new (): T; prototype: T }): T {
  const element = document.getElementById(id);
  if (!(element instanceof type)) throw new Error(`the page has no ${type.name} #${id}`);
  return element;
}
