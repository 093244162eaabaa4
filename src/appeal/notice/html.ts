/**
 * HTML → plain text for notices that arrive as HTML only. The question parser works on
 * lines, so what matters is that every <br>, paragraph, list item and block ends a line
 * while a newline inside the HTML source (mail clients wrap source at ~76 columns) stays
 * an ordinary space, as a browser shows it. List items get the notice's own markers
 * ("1) " in ordered lists, "-- " / "--> " in bullet lists) unless they already carry one.
 */

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ensp: ' ', emsp: ' ', thinsp: ' ',
  rsquo: '\u2019', lsquo: '\u2018', rdquo: '\u201d', ldquo: '\u201c', sbquo: '\u201a', bdquo: '\u201e',
  ndash: '\u2013', mdash: '\u2014', hellip: '\u2026', bull: '\u2022', middot: '\u00b7', rarr: '\u2192',
  copy: '\u00a9', reg: '\u00ae', trade: '\u2122', shy: '', zwnj: '', zwj: '', euro: '\u20ac', dollar: '$',
};

export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);?/gi, (whole, body: string) => {
    if (body[0] === '#') {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      if (!Number.isFinite(code) || code <= 0 || code > 0x10ffff) return whole;
      return code === 0xa0 ? ' ' : String.fromCodePoint(code);
    }
    const named = NAMED_ENTITIES[body.toLowerCase()];
    return named ?? whole;
  });
}

/** Elements whose start and end both end the current line. */
const BLOCK = new Set([
  'p', 'div', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'tr', 'table', 'tbody', 'thead', 'tfoot',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'blockquote', 'pre', 'section', 'article', 'header', 'footer',
  'center', 'address', 'hr', 'form', 'fieldset', 'main', 'nav', 'aside', 'figure', 'figcaption',
]);
/** Elements whose content is never shown. */
const HIDDEN = new Set(['head', 'style', 'script', 'title', 'template', 'noscript', 'xml']);
/** Already carries a marker the notice uses; do not add another. */
const HAS_MARKER = /^\s*(?:\d{1,2}[).]|-{1,2}>?|[\u2013\u2014]>?|[\u2022\u25e6\u25aa\u25cf\u00b7*])\s/;

interface ListState {
  ordered: boolean;
  counter: number;
}

export function htmlToText(html: string): string {
  const out: string[] = [];
  let line = '';
  const lists: ListState[] = [];
  let hiddenDepth = 0;
  let hiddenTag = '';
  let preDepth = 0;
  let pendingMarker = '';

  const endLine = (): void => {
    out.push(line.replace(/[ \t]+$/, ''));
    line = '';
    pendingMarker = '';
  };
  /** End the line only when something is on it (blocks do not stack empty lines). */
  const breakLine = (): void => {
    // A list item's marker stays pending until its text arrives (<li><p>text</p></li>).
    if (line.trim() !== '') endLine();
    else line = '';
  };
  const blankLine = (): void => {
    breakLine();
    if (out.length > 0 && out[out.length - 1] !== '') out.push('');
  };
  const addText = (raw: string): void => {
    let text = decodeEntities(raw);
    if (preDepth === 0) text = text.replace(/[ \t\r\n\f]+/g, ' ');
    if (preDepth > 0) {
      const parts = text.replace(/\r\n?/g, '\n').split('\n');
      parts.forEach((part, index) => {
        if (index > 0) endLine();
        line += part;
      });
      return;
    }
    if (line === '' || /^\s*$/.test(line)) text = text.replace(/^ +/, '');
    if (text === '') return;
    if (pendingMarker) {
      if (!HAS_MARKER.test(text)) line += pendingMarker;
      pendingMarker = '';
    }
    if (line.endsWith(' ') && text.startsWith(' ')) text = text.slice(1);
    line += text;
  };

  const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<![^>]*>|<\?[^>]*>|<\/?([a-zA-Z][a-zA-Z0-9:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>|[^<]+|</y;
  const source = html;
  let index = 0;
  while (index < source.length) {
    TOKEN.lastIndex = index;
    const match = TOKEN.exec(source);
    if (!match) {
      // Should not happen (the last alternative eats a lone "<"); never loop forever.
      addText(source.slice(index, index + 1));
      index += 1;
      continue;
    }
    const token = match[0];
    index += token.length;
    const tagName = match[1]?.toLowerCase();
    if (!tagName) {
      if (token.startsWith('<!') || token.startsWith('<?')) continue;
      if (hiddenDepth === 0) addText(token);
      continue;
    }
    const closing = token.startsWith('</');
    const selfClosing = /\/\s*>$/.test(token);
    if (hiddenDepth > 0) {
      if (tagName === hiddenTag) hiddenDepth += closing ? -1 : selfClosing ? 0 : 1;
      continue;
    }
    if (HIDDEN.has(tagName) && !closing && !selfClosing) {
      hiddenDepth = 1;
      hiddenTag = tagName;
      continue;
    }
    if (tagName === 'br') {
      endLine();
      continue;
    }
    if (tagName === 'pre') preDepth = Math.max(0, preDepth + (closing ? -1 : 1));
    if (tagName === 'ul' || tagName === 'ol') {
      breakLine();
      if (closing) lists.pop();
      else lists.push({ ordered: tagName === 'ol', counter: 0 });
      continue;
    }
    if (tagName === 'li' && !closing) {
      breakLine();
      const list = lists[lists.length - 1];
      if (list?.ordered) {
        list.counter += 1;
        pendingMarker = `${list.counter}) `;
      } else {
        pendingMarker = lists.length > 1 ? '--> ' : '-- ';
      }
      continue;
    }
    if (tagName === 'p') {
      blankLine();
      continue;
    }
    if (BLOCK.has(tagName)) {
      breakLine();
      continue;
    }
    if (tagName === 'td' || tagName === 'th') {
      if (closing && line.trim() !== '') line += ' ';
      continue;
    }
    if (tagName === 'img' && !closing) {
      const alt = /\balt\s*=\s*("([^"]*)"|'([^']*)')/i.exec(match[2] ?? '');
      const altText = alt?.[2] ?? alt?.[3];
      if (altText) addText(altText);
    }
  }
  if (line.trim() !== '') endLine();
  return out.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

/** Does this string look like HTML rather than plain text (a pasted HTML source)? */
export function looksLikeHtml(text: string): boolean {
  const head = text.slice(0, 4000);
  return /<(?:!doctype\s+html|html|body|div|p|br|table)\b[^>]*>/i.test(head) && /<\/(?:html|body|div|p|table)>|<br\s*\/?>/i.test(text);
}
