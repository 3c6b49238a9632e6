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

// ---------- the managers' side: staff, phrases, question bank, exam definitions ----------

export type Texts = Partial<Record<'en' | 'zh-CN' | 'zh-TW' | 'ru' | 'hu', string>>;

export interface StaffRecord {
  staffId: string;
  name: string;
  userId: string | null;
  locationId: string | null;
  role: string | null;
  locale: string;
}

export interface Phrase {
  phraseId: string;
  journeyKey: string;
  momentKey: string;
  kind: 'use' | 'avoid';
  text: Texts;
}

export type QuestionKind = 'single' | 'multiple' | 'order' | 'phrase';

export interface BankQuestion {
  questionId: string;
  momentKey: string;
  kind: QuestionKind;
  source: 'generated' | 'authored';
  prompt: string;
  /** For order questions: in the right order. */
  options: { id: string; text: string; correct: boolean }[];
  authored: { questionId: string; prompt: Texts; options: { id: string; text: Texts; correct: boolean }[] } | null;
}

export interface QuestionBank {
  journeyKey: string;
  journeyVersion: number;
  items: BankQuestion[];
}

export type ExamSchedule = Exam['schedule'];

export interface ExamDefinition extends Exam {
  momentKeys: string[];
  targetRole: string | null;
  targetLocationId: string | null;
  certificateMonths: number | null;
  questionCount: number | null;
  periodStart: string;
  dueBy: string | null;
}
