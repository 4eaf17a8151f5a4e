/** 首页: what waits for the user and the unit's charts, from what the modules contribute (todos, charts, indicators). */
import type { Module } from '../../platform/modules';
import { homeRoutes } from './routes';

export const homeModule: Module = {
  key: 'home',
  routes: ({ db }) => homeRoutes(db),
};
