/**
 * What goes into an inspection pack is contributed by the modules (module.ts): `ledgers` (one
 * .xlsx per register), `packSources` (which records' attachments belong to a period) and
 * `packDocuments` (generated documents). This file names them for the pack builder; it names no
 * module.
 */
import { contributedPackDocuments, type LedgerDef, ledgers, type PackDocument, type PackDocumentProvider } from '../../platform/modules';

export type { LedgerDef, PackDocument, PackDocumentProvider };

/** Every contributed ledger in pack order (topic folder, then the module list); filled at start. */
export const LEDGERS = ledgers();

// Providers beyond the modules' own (tests add one to drive a build).
const extra = new Set<PackDocumentProvider>();

/** Adds documents to every pack built from now on; returns a function that removes them again. */
export function registerPackDocuments(provider: PackDocumentProvider): () => void {
  extra.add(provider);
  return () => void extra.delete(provider);
}

export function packDocumentProviders(): PackDocumentProvider[] {
  return [...contributedPackDocuments(), ...extra];
}
