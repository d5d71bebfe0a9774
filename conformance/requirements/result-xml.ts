import { XMLParser } from "fast-xml-parser";

/** A parsed OQS result file: header and body as plain string maps (every value a string, as in the file). */
export interface ParsedResult {
  header: Record<string, unknown>;
  body: Record<string, unknown>;
}

const parser = new XMLParser({ parseTagValue: false, processEntities: false });

/** Parses an OQS result file (docs/domain/oqs-files.md); undefined when it is not XML with `XmlMsg/MessageHeader/MessageBody`. */
export function parseResultXml(xml: string): ParsedResult | undefined {
  try {
    const doc = parser.parse(xml) as { XmlMsg?: { MessageHeader?: unknown; MessageBody?: unknown } };
    const header = doc.XmlMsg?.MessageHeader;
    const body = doc.XmlMsg?.MessageBody;
    if (typeof header !== "object" || header === null || typeof body !== "object" || body === null) return undefined;
    return { header: header as Record<string, unknown>, body: body as Record<string, unknown> };
  } catch {
    return undefined;
  }
}
