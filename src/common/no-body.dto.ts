/**
 * The body of a route that takes none: no body or `{}` passes, any field is
 * refused as unknown (400 invalid_body), as on every other route.
 */
export class NoBody {}
