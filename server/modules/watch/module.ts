/**
 * 值班值守: 敏感时期 (watch periods) declared for a subtree, duty rosters and duty logs. Other
 * modules read the periods in force through `periods.ts`.
 */
import type { Module } from '../../platform/modules';

export const watchModule: Module = {
  key: 'watch',
};
