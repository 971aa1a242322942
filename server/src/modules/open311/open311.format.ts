import type { FastifyReply, FastifyRequest } from 'fastify';
import { langOf } from '../../platform/http/problem';

/** Every Open311 endpoint answers in the format its name ends with: /services.json, /services.xml. */
export type Format = 'json' | 'xml';

export const CONTENT_TYPE: Record<Format, string> = {
  json: 'application/json; charset=utf-8',
  xml: 'text/xml; charset=utf-8',
};

/** The format a URL asks for (errors before routing, unknown endpoints): .xml, else JSON. */
export const formatOfUrl = (url: string): Format =>
  /\.xml$/i.test(url.split('?')[0] ?? '') ? 'xml' : 'json';

// ── datetimes ────────────────────────────────────────────────────────────────────────────────────────────

const SHANGHAI_MS = 8 * 3600_000;

/** W3C datetime in Beijing time without fractions: 2026-11-21T02:05:03.456Z → 2026-11-21T10:05:03+08:00. */
export function w3cDatetime(d: Date): string {
  const local = new Date(Math.floor(d.getTime() / 1000) * 1000 + SHANGHAI_MS);
  return `${local.toISOString().slice(0, 19)}+08:00`;
}

const W3C_IN =
  /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+\- ])(\d{2}):?(\d{2}))?)?$/i;

/**
 * Parses a start_date/end_date: a W3C datetime (2010-01-01T00:00:00Z, …+08:00). Lenient where clients
 * commonly slip: no offset means Beijing time, a '+' that arrived as a space (unencoded in the query string)
 * is read as '+', and a bare date is the start of that day — or its end, for an end_date.
 * Returns null when the text is not such a datetime.
 */
export function parseW3c(text: string, edge: 'start' | 'end' = 'start'): Date | null {
  const m = W3C_IN.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi, s, frac, z, sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = h === undefined ? 0 : Number(h);
  const minute = mi === undefined ? 0 : Number(mi);
  const second = s === undefined ? 0 : Number(s);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59)
    return null;
  const ms = frac ? Math.floor(Number(`0.${frac}`) * 1000) : 0;
  let utc = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  if (new Date(utc).getUTCDate() !== day) return null; // 2026-02-30
  let offsetMs = SHANGHAI_MS;
  if (z) offsetMs = 0;
  else if (sign) {
    const oH = Number(oh);
    const oM = Number(om);
    if (oH > 14 || oM > 59) return null;
    offsetMs = (sign === '-' ? -1 : 1) * (oH * 60 + oM) * 60_000;
  }
  utc -= offsetMs;
  if (h === undefined && edge === 'end') utc += 24 * 3600_000 - 1;
  return new Date(utc);
}

// ── XML ──────────────────────────────────────────────────────────────────────────────────────────────────

export type XmlValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | XmlValue[]
  | { [key: string]: XmlValue };

/** The element name of one item of a list (the Spark convention as GeoReport v2 and FixMyStreet use it). */
const SINGULAR: Record<string, string> = {
  service_requests: 'request',
  service_request_updates: 'request_update',
};
const singular = (name: string) => SINGULAR[name] ?? (name.endsWith('s') ? name.slice(0, -1) : 'item');

// characters XML 1.0 cannot carry at all (control characters, lone surrogates, U+FFFE/U+FFFF)
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/** Text content, escaped; characters XML cannot represent are dropped. */
export const escapeXml = (text: string) =>
  text.replace(NOT_XML, '').replace(/[&<>"'\r]/g, (c) => ESCAPES[c]!);

function element(name: string, value: XmlValue, indent: string): string {
  if (value === undefined) return '';
  if (value === null) return `${indent}<${name}></${name}>\n`;
  if (Array.isArray(value)) {
    const item = singular(name);
    const inner = value.map((v) => element(item, v, `${indent}  `)).join('');
    return inner ? `${indent}<${name}>\n${inner}${indent}</${name}>\n` : `${indent}<${name}></${name}>\n`;
  }
  if (typeof value === 'object') {
    const inner = Object.entries(value)
      .map(([k, v]) => element(k, v, `${indent}  `))
      .join('');
    return inner ? `${indent}<${name}>\n${inner}${indent}</${name}>\n` : `${indent}<${name}></${name}>\n`;
  }
  return `${indent}<${name}>${escapeXml(String(value))}</${name}>\n`;
}

/**
 * The XML document for a value, rooted at `root`: objects become child elements, a list repeats its item
 * element (`services` → `service`, `service_requests` → `request`), null becomes an empty element and
 * undefined is left out.
 */
export function toXml(root: string, value: XmlValue): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${element(root, value, '')}`;
}

// ── answers and errors ───────────────────────────────────────────────────────────────────────────────────

/** Sends `value` as JSON, or as XML under `root` (the JSON drops the root, as the Spark convention does). */
export function send(reply: FastifyReply, format: Format, root: string, value: XmlValue, status = 200) {
  return reply
    .code(status)
    .type(CONTENT_TYPE[format])
    .send(format === 'xml' ? toXml(root, value) : JSON.stringify(value));
}

export interface Message {
  zh: string;
  en: string;
}

/**
 * A GeoReport v2 error: 404 for what does not exist, 403 for a missing or wrong api_key, 400 for anything
 * else the client can fix. Several messages may go out at once (the body is a list).
 */
export class Open311Error extends Error {
  readonly messages: Message[];
  constructor(
    readonly status: number,
    ...messages: Message[]
  ) {
    super(messages.map((m) => m.en).join('; '));
    this.messages = messages;
  }
}

export const badRequest = (zh: string, en: string) => new Open311Error(400, { zh, en });
export const notFound = (zh: string, en: string) => new Open311Error(404, { zh, en });

/** The spec's error list: [{code, description}] or <errors><error>…</error></errors>. */
export function sendErrors(req: FastifyRequest, reply: FastifyReply, err: Open311Error, format?: Format) {
  const lang = langOf(req);
  const errors = err.messages.map((m) => ({ code: err.status, description: lang === 'en-US' ? m.en : m.zh }));
  return send(reply, format ?? formatOfUrl(req.url), 'errors', errors, err.status);
}
