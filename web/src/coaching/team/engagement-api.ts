import type { Page } from '../../api';

/* Types of the role-play, pulse and recognition API (mirrors src/coaching/engagement-routes.ts). */

export type CustomerType = 'green' | 'red';

export interface RubricItem {
  key: string;
  kind: 'behaviour' | 'complaint_step';
  title?: Record<string, string>;
}

export interface Scenario {
  scenarioId: string;
  journeyKey: string;
  momentKey: string;
  customerType: CustomerType;
  title: string;
  situation: string;
  goodAnswer: string;
  rubric: RubricItem[];
  createdAt: string;
}

export interface RolePlayResult {
  resultId: string;
  scenarioId: string;
  scenarioTitle: string;
  momentKey: string;
  customerType: CustomerType;
  staffId: string;
  staffName: string | null;
  percent: number;
  note: string | null;
  createdAt: string;
}

export interface StaffMember {
  staffId: string;
  name: string;
  locationId: string | null;
}

export type PulseResult =
  | { hidden: false; n: number; enps: { score: number; promoters: number; passives: number; detractors: number }; items: { tools: number; training: number; recognition: number } }
  | { hidden: true; reason: 'below_minimum_group'; minimum: number };

export interface PulseReport {
  period: string;
  minimumGroupSize: number;
  locations: { locationId: string; pulse: PulseResult; customerNps: { score: number | null; n: number } }[];
  total: { pulse: PulseResult; customerNps: { score: number | null; n: number } };
  hiddenLocations: number;
}

export interface Recognition {
  recognitionId: string;
  kind: 'compliment' | 'praise';
  staffId: string;
  quote: string | null;
  note: string | null;
  createdAt: string;
}

export interface Board {
  month: string;
  total: number;
  entries: { staffId: string; name: string | null; compliments: number; praise: number; total: number; recent: Recognition[] }[];
}

export type ScenarioPage = Page<Scenario>;
export type ResultPage = Page<RolePlayResult>;

/** The current calendar month, YYYY-MM (UTC, as the server counts pulse periods). */
export function thisMonth(): string {
  return new Date().toISOString().slice(0, 7);
}
