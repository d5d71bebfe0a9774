/** A request file that cannot be answered: names the field and carries the error code written to the result file. */
export class OqsRequestError extends Error {
  /** The element at fault, e.g. `InsurerNumber`, or `XmlMsg` for the document itself. */
  readonly field: string;
  /** Error code for the result file's ErrorCode (modelled codes: E-XML, E-FIELD, E-CLASS, E-SIZE). */
  readonly code: string;

  constructor(code: string, field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = "OqsRequestError";
    this.field = field;
    this.code = code;
  }
}
