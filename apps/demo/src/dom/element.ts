/**
 * Creates an element with properties and children: the page's whole DOM
 * toolkit (no framework for a handful of panels).
 *
 * @example
 * element('button', { type: 'button', className: 'primary' }, 'Train');
 */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<Omit<HTMLElementTagNameMap[K], 'style'>> & { dataset?: Record<string, string> },
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  const { dataset, ...rest } = properties;
  Object.assign(node, rest);
  if (dataset !== undefined) Object.assign(node.dataset, dataset);
  node.append(...children);
  return node;
}
