/** A request file that cannot be answered: names the field and carries the error code written to the result file. */
export class OqsRequestError extends Error {
  /** The element at fault, e.g. `InsurerNumber`, or `XmlMsg` for the document itself. */
  readonly field: string;
  /** Error code for the result file's ErrorCode (modelled codes: E-XML, E-FIELD, E-CLASS, E-SIZE, E-FILE, E-FACILITY, E-REFUSED, E-SERVICE). */
  readonly code: string;
  /**
   * The text is not (yet) a well-formed document: it may be a file still being written. The REQ folder
   * (`req-folder.ts`) answers such a file only once it has stopped changing.
   */
  readonly incomplete: boolean;

  constructor(code: string, field: string, message: string, options: { incomplete?: boolean } = {}) {
    super(`${field}: ${message}`);
    this.name = "OqsRequestError";
    this.field = field;
    this.code = code;
    this.incomplete = options.incomplete ?? false;
  }
}
