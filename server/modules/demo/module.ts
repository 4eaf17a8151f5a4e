/**
 * The demo runner (seed.ts): fills an empty database with every module's `demo` contribution,
 * in order. It contributes nothing itself.
 */
import type { Module } from '../../platform/modules';

export const demoModule: Module = { key: 'demo' };
