/**
 * A strict little XML reader for the tests: the subset Open311 answers use (declaration, elements without
 * attributes, escaped text). Throws on anything not well-formed, so a passing parse is a structural check.
 */
export interface XmlNode {
  name: string;
  children: XmlNode[];
  text: string;
}

const NAME = /^[A-Za-z_][\w.-]*$/;
const ENTITY: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  if (text.includes('<')) throw new Error(`raw < in text: ${text.slice(0, 40)}`);
  return text.replace(/&([^;\s]*);?/g, (whole, body: string) => {
    if (!whole.endsWith(';')) throw new Error(`bare & in text: ${text.slice(0, 40)}`);
    if (ENTITY[body]) return ENTITY[body]!;
    const m = /^#(?:x([0-9a-fA-F]+)|(\d+))$/.exec(body);
    if (!m) throw new Error(`unknown entity &${body};`);
    return String.fromCodePoint(m[1] ? Number.parseInt(m[1], 16) : Number(m[2]));
  });
}

export function parseXml(doc: string): XmlNode {
  const decl = /^<\?xml version="1\.0" encoding="utf-8"\?>\s*/i.exec(doc);
  if (!decl) throw new Error('missing XML declaration with encoding utf-8');
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
  if (/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/.test(doc)) throw new Error('illegal character');
  const stack: XmlNode[] = [];
  let root: XmlNode | undefined;
  const re = /<(\/?)([^\s>/]+)\s*(\/?)>|([^<]+)/g;
  let i = decl[0].length;
  re.lastIndex = i;
  for (let m = re.exec(doc); m; m = re.exec(doc)) {
    if (m.index !== i) throw new Error(`unexpected markup at ${i}: ${doc.slice(i, i + 30)}`);
    i = re.lastIndex;
    const [, close, name, selfClose, text] = m;
    if (text !== undefined) {
      const top = stack.at(-1);
      if (!top) {
        if (text.trim()) throw new Error('text outside the root element');
        continue;
      }
      top.text += decode(text);
      continue;
    }
    if (!NAME.test(name!)) throw new Error(`bad element name ${name}`);
    if (close) {
      const top = stack.pop();
      if (!top || top.name !== name) throw new Error(`</${name}> does not close <${top?.name}>`);
      if (top.children.length && top.text.trim()) throw new Error(`mixed content in <${name}>`);
      if (top.children.length) top.text = '';
      continue;
    }
    const node: XmlNode = { name: name!, children: [], text: '' };
    const parent = stack.at(-1);
    if (parent) parent.children.push(node);
    else if (root) throw new Error('more than one root element');
    else root = node;
    if (!selfClose) stack.push(node);
  }
  if (i !== doc.length) throw new Error(`trailing markup at ${i}`);
  if (stack.length) throw new Error(`unclosed <${stack.at(-1)!.name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

/** The children named `name`. */
export const kids = (n: XmlNode, name: string) => n.children.filter((c) => c.name === name);

/** The text of the one child named `name` (undefined when absent). */
export const textOf = (n: XmlNode, name: string) => kids(n, name)[0]?.text;

/** A flat element's children as an object of texts ({service_code: '…', …}). */
export const fields = (n: XmlNode) => Object.fromEntries(n.children.map((c) => [c.name, c.text]));
