import { XMLParser, XMLValidator } from 'fast-xml-parser';

/**
 * Parses an SVG document and returns every element name in it (throws if
 * it is not well-formed XML), so tests check a chart's structure rather
 * than its text.
 *
 * @example
 * expect(svgElements(await readFile('loss.svg', 'utf8'))).toContain('path');
 */
export function svgElements(svg: string): string[] {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at line ${valid.err.line}`);
  const names: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node !== null && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key !== ':@' && key !== '#text') names.push(key);
        walk(value);
      }
    }
  };
  walk(new XMLParser({ ignoreAttributes: false, preserveOrder: true }).parse(svg));
  return names;
}
