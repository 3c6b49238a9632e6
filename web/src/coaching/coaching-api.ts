import { orgKey } from '../query-client';

/** Query keys and response shapes of the coaching learning API (see docs/coaching.md). */
export function coachingKey(orgId: string, ...parts: unknown[]): unknown[] {
  return orgKey(orgId, 'coaching', ...parts);
}

export interface LearningCard {
  journeyKey: string;
  journeyVersion: number;
  momentKey: string;
  order: number;
  name: string;
  description: string;
  responsibleRole: string | null;
  coreNeeds: string[];
  keyPoints: string[];
  actionGuide: { number: number; title: string; detail: string | null }[];
  phrases: { use: string[]; avoid: string[] };
  readAt: string | null;
}

export interface CardSet {
  journeyKey: string;
  journeyName: string;
  journeyVersion: number;
  cards: LearningCard[];
}

export interface Exam {
  examId: string;
  journeyKey: string;
  title: Record<string, string>;
  schedule: 'once' | 'weekly' | 'monthly' | 'quarterly';
  passMark: number;
  retestFor: string | null;
}

export interface PaperQuestion {
  questionId: string;
  momentKey: string;
  kind: 'single' | 'multiple' | 'order' | 'phrase';
  prompt: string;
  options: { id: string; text: string }[];
}

export interface Paper {
  examId: string;
  title: string;
  passMark: number;
  questions: PaperQuestion[];
}

export interface AttemptResult {
  scorePercent: number;
  passMark: number;
  passed: boolean;
  results: { questionId: string; correct: boolean }[];
  certificate: { certificateId: string; expiresAt: string } | null;
}

export interface Assignment {
  assignmentId: string;
  staffId: string;
  journeyKey: string;
  momentKey: string;
  examId: string;
  completedAt: string | null;
}

export interface DashboardMoment {
  momentKey: string;
  name: string;
  customer: { status: 'meets' | 'below' | 'insufficient' | 'no_benchmark'; nps: number | null; csat: number | null; ces: number | null; responses: number } | null;
  coverage: { staff: number; read: number; percent: number | null };
  exams: { answers: number; correctPercent: number | null };
  needsCard: { staffId: string; name: string; assigned: boolean }[];
}

export interface Dashboard {
  journeyVersion: number;
  from: string;
  to: string;
  moments: DashboardMoment[];
}
