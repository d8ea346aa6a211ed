/**
 * The characters and lengths of ids, as regular-expression source: the id schemas
 * (schemas.ts) and the op origin pattern (origin.ts), which names a peer and an incident, are
 * built from the same definitions.
 */

/** An entity id (incident, entry, participant...). */
export const ID_SOURCE = '[A-Za-z0-9_-]{8,64}';
/** A console's peer id. */
export const PEER_ID_SOURCE = '[A-Za-z0-9_-]{1,64}';
