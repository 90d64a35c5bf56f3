/**
 * Numbered citations for the chapters, at build time. In prose, `[@key]` or `[@key1; @key2]` cites
 * entries of references.ts; each becomes a link to the chapter's bibliography, `[1]` or `[1, 3]`,
 * with a card (authors, title, venue, year) that CSS shows on hover and on keyboard focus. A paragraph
 * holding only `[bibliography]` becomes the numbered list of the works the chapter cites, in order of
 * first citation. An unknown key, or citations without a `[bibliography]`, fail the build.
 */
import { relative } from 'node:path';
import type { Element, ElementContent } from 'hast';
import type { List, ListItem, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { VFile } from 'vfile';
import { findReference, formatAuthors, formatVenue, type Reference } from './references.ts';

const CITATION = /\[(@[^[\]]*)\]/g;
const KEY = /^@([A-Za-z0-9][\w:-]*)$/;
const MARKER = '[bibliography]';
// Nodes a citation may not sit in: its card would end up in a link, or in the table of contents.
const FORBIDDEN_PARENTS = new Set(['link', 'linkReference', 'heading']);

type Cited = { key: string; number: number; reference: Reference; occurrences: number };
type State = { file: VFile; cited: Map<string, Cited> };

/** The remark plugin: replaces `[@key]` citations with numbered links and `[bibliography]` with the list. */
export default function remarkCitations() {
  return (tree: Root, file: VFile) => {
    const state: State = { file, cited: new Map() };
    const markers: { parent: Parent; index: number }[] = [];
    transformChildren(tree, [], state, markers);
    if (state.cited.size === 0 && markers.length === 0) return;
    if (markers.length === 0) {
      const end = tree.position?.end;
      fail(state, `cites ${[...state.cited.keys()].join(', ')} but has no ${MARKER} line for the reference list; add a paragraph that is only ${MARKER}`, end && { line: end.line, column: end.column });
    }
    if (markers.length > 1) fail(state, `has ${markers.length} ${MARKER} lines; a chapter has one reference list`, markers[1].parent.children[markers[1].index]);
    const [{ parent, index }] = markers;
    if (state.cited.size === 0) fail(state, `has a ${MARKER} line but cites nothing with [@key]`, parent.children[index]);
    (parent.children as RootContent[])[index] = bibliography([...state.cited.values()]);
  };
}

function transformChildren(parent: Parent, ancestors: Parent[], state: State, markers: { parent: Parent; index: number }[]): void {
  const children = parent.children as RootContent[];
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (child.type === 'paragraph' && child.children.length === 1 && child.children[0].type === 'text' && child.children[0].value.trim() === MARKER) {
      markers.push({ parent, index: i });
    } else if (child.type === 'text' && child.value.includes('[@')) {
      const replacement = citeInText(child, [...ancestors, parent], state);
      children.splice(i, 1, ...replacement);
      i += replacement.length - 1;
    } else if ('children' in child) {
      transformChildren(child, [...ancestors, parent], state, markers);
    }
  }
}

/** Splits one text node around its citations; the pieces between stay plain text. */
function citeInText(node: Text, ancestors: Parent[], state: State): PhrasingContent[] {
  const out: PhrasingContent[] = [];
  let last = 0;
  for (const match of node.value.matchAll(CITATION)) {
    const at = locate(node, match.index);
    const forbidden = ancestors.find((a) => FORBIDDEN_PARENTS.has(a.type));
    if (forbidden) fail(state, `cites ${match[0]} inside a ${forbidden.type}; move the citation out of it`, at);
    const keys = match[1].split(';').map((part) => {
      const key = KEY.exec(part.trim())?.[1];
      if (!key) fail(state, `has a malformed citation ${match[0]}: write [@key] or [@key1; @key2]`, at);
      return key;
    });
    if (match.index > last) out.push({ type: 'text', value: node.value.slice(last, match.index) });
    out.push(citationNode(keys.map((key) => cite(key, state, at)), match[0]));
    last = match.index + match[0].length;
  }
  if (last < node.value.length) out.push({ type: 'text', value: node.value.slice(last) });
  return out;
}

/** Numbers a key at its first citation, and counts its citations so each card gets its own id. */
function cite(key: string, state: State, at: Place): { cited: Cited; cardId: string } {
  let cited = state.cited.get(key);
  if (!cited) {
    const reference = findReference(key);
    if (!reference) fail(state, `cites an unknown reference key "${key}"; add it to src/lib/content/references.ts or fix the key`, at);
    cited = { key, number: state.cited.size + 1, reference, occurrences: 0 };
    state.cited.set(key, cited);
  }
  cited.occurrences += 1;
  return { cited, cardId: `cite-${key}-${cited.occurrences}` };
}

/**
 * One citation in the text. A single key is a link showing `[n]`; several are `[n, m]` with a link
 * per number. Each link names its card with aria-describedby, and the card sits inside the link's
 * wrapper so that `:hover` and `:focus-within` on the wrapper show it.
 */
function citationNode(items: { cited: Cited; cardId: string }[], source: string): Text {
  const single = items.length === 1;
  const parts: ElementContent[] = items.flatMap((item, i) => {
    const link: Element = {
      type: 'element',
      tagName: 'a',
      properties: { className: ['citation-link'], href: `#ref-${item.cited.key}`, ariaDescribedBy: [item.cardId] },
      children: [text(single ? `[${item.cited.number}]` : String(item.cited.number))],
    };
    const wrapper = span('citation', [link, card(item.cited.reference, item.cardId)]);
    return i === 0 ? [wrapper] : [text(', '), wrapper];
  });
  const children = single ? parts : [text('['), ...parts, text(']')];
  // A text node keeps the source for anything that reads plain text; mdast-util-to-hast uses the data.
  return {
    type: 'text',
    value: source,
    data: { hName: 'span', hProperties: { className: ['citation-group'] }, hChildren: children },
  } as Text;
}

/** The hover card: authors, title, venue and year, one per line. */
function card(reference: Reference, id: string): Element {
  const element = span('citation-card', [
    span('citation-card-authors', [text(`${formatAuthors(reference)}.`)]),
    text(' '),
    span('citation-card-title', [text(`${reference.title}.`)]),
    text(' '),
    span('citation-card-venue', [text(`${formatVenue(reference)}.`)]),
  ]);
  element.properties.id = id;
  element.properties.role = 'tooltip';
  return element;
}

/** The reference list: an ordered list whose items are the `#ref-key` targets of the citations. */
function bibliography(cited: Cited[]): List {
  const items: ListItem[] = cited.map(({ key, reference }) => {
    const content: PhrasingContent[] = [
      styled('bibliography-authors', `${formatAuthors(reference)}.`),
      { type: 'text', value: ' ' },
      { type: 'link', url: reference.url, data: { hProperties: { className: ['bibliography-title'] } }, children: [{ type: 'text', value: reference.title }] } as PhrasingContent,
      { type: 'text', value: '. ' },
      styled('bibliography-venue', `${formatVenue(reference)}.`),
    ];
    if (reference.note) content.push({ type: 'text', value: ' ' }, styled('bibliography-note', reference.note));
    return {
      type: 'listItem',
      spread: false,
      data: { hProperties: { id: `ref-${key}` } },
      children: [{ type: 'paragraph', children: content }],
    } as ListItem;
  });
  return { type: 'list', ordered: true, spread: false, data: { hProperties: { className: ['bibliography'] } }, children: items } as List;
}

function styled(className: string, value: string): PhrasingContent {
  return { type: 'text', value, data: { hName: 'span', hProperties: { className: [className] } } } as Text;
}

function span(className: string, children: ElementContent[]): Element {
  return { type: 'element', tagName: 'span', properties: { className: [className] }, children };
}

function text(value: string): ElementContent {
  return { type: 'text', value };
}

type Place = { line: number; column: number } | undefined;

/** Where in the source a match inside a text node starts, when the node has a position. */
function locate(node: Text, offset: number): Place {
  const start = node.position?.start;
  if (!start) return undefined;
  const before = node.value.slice(0, offset).split('\n');
  return before.length === 1 ? { line: start.line, column: start.column + offset } : { line: start.line + before.length - 1, column: before[before.length - 1].length + 1 };
}

function fail(state: State, reason: string, at?: Place | RootContent): never {
  const { file } = state;
  const name = file.path ? relative(file.cwd, file.path) : '<input>';
  const place = at && 'type' in at ? at.position?.start : at;
  const where = place ? `${name}:${place.line}:${place.column}` : name;
  throw file.fail(`${where} ${reason}`, { place, source: 'remark-citations' });
}
