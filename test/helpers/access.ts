import type { Agent } from './client';
import type { UnitRef } from './factories';

/** Records of one unit that the access walk aims requests at. */
export interface Target {
  unit: UnitRef;
  personId: string;
  accountId: string;
  /** Ids of module records in this unit, by the names each module's setup returns. */
  records: Record<string, string>;
}

export interface Sample {
  method: string;
  url: string;
  body?: unknown;
  upload?: { fields: Record<string, string>; name: string; content: Buffer };
}

export type SampleFn = (t: Target, own: Target) => Sample[];

/**
 * What a module adds to the access walk (test/api/access-samples/<module>.ts, default export).
 * Every route the module registers needs an entry in `samples`: a function building requests
 * aimed at another unit's records, or null for a route that names no record.
 */
export interface AccessModule {
  /** Creates the module's records in `unit` as the county admin; returns their ids by name. */
  setup?: (admin: Agent, unit: UnitRef, personId: string) => Promise<Record<string, string>>;
  samples: Record<string, SampleFn | null>;
  /** Routes that answer an empty list (not a refusal) when filtered by another unit's record. */
  listRoutes?: string[];
}

export const PDF = Buffer.from('%PDF-1.4\n% test\n');
