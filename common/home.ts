/** Home: what waits for the user (contributed todos) and the subtree's figures as charts. */
import { z } from 'zod';

export const homeFiguresQuery = z.object({
  unitId: z.string().max(64).optional(),
  year: z.coerce.number({ error: '年份应为数字' }).int({ error: '年份应为整数' }).min(2000, { error: '年份不能早于 2000' }).max(2100, { error: '年份不能晚于 2100' }).optional(),
});

export interface TodoView {
  key: string;
  label: string;
  count: number;
  link: string;
  urgent?: boolean;
}

export interface ChartPointView {
  value: number | null;
  link: string | null;
}

export interface ChartSeriesView {
  key: string;
  label: string;
  type: 'bar' | 'line';
  format: 'count' | 'rate';
  points: ChartPointView[];
  /** The same months a year earlier (同比). */
  lastYear: (number | null)[];
}

export interface ChartView {
  key: string;
  title: string;
  series: ChartSeriesView[];
}

export interface RankingView {
  indicators: { key: string; label: string }[];
  units: { unitId: string; unitName: string; values: Record<string, ChartPointView> }[];
}

export interface HomeFiguresView {
  unit: { id: string; name: string; hasChildren: boolean };
  year: number;
  months: string[];
  charts: ChartView[];
  /** Units directly below, by the rates modules contribute (empty for a unit without subunits). */
  ranking: RankingView;
}
