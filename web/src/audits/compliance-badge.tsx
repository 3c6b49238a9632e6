import { Badge, Group, Tooltip } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import type { BenchmarkStatus, Target } from './audits-api';

/** Green when met, red when missed; with no benchmark, the checklist's pass/fail decides the colour. */
export function complianceColor(benchmark: BenchmarkStatus | null, passed: boolean | null): string {
  if (benchmark === 'met') return 'green';
  if (benchmark === 'missed') return 'red';
  if (passed === null) return 'gray';
  return passed ? 'green' : 'red';
}

export function formatPercent(value: number | null, language: string): string {
  if (value === null) return '—';
  return new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value) + ' %';
}

interface ComplianceBadgeProps {
  compliance: number | null;
  passed: boolean | null;
  criticalFailed?: boolean | null;
  benchmark?: BenchmarkStatus | null;
  target?: Target | null;
}

/** A compliance % coloured against its benchmark (or the pass mark), with a flag for a critical failure. */
export function ComplianceBadge({ compliance, passed, criticalFailed, benchmark = null, target = null }: ComplianceBadgeProps) {
  const { t, i18n } = useTranslation();
  const color = complianceColor(benchmark, passed);
  const meaning =
    benchmark === 'met' || benchmark === 'missed'
      ? t(`audits.benchmark.${benchmark}`, { target: target ? `${t(`audits.comparator.${target.comparator}`)} ${formatPercent(target.value, i18n.language)}` : '' })
      : passed === null
        ? t('audits.result.none')
        : passed
          ? t('audits.result.passed')
          : t('audits.result.failed');
  return (
    <Group gap={6} wrap="nowrap">
      <Tooltip label={meaning}>
        <Badge color={color} variant="light" size="lg" aria-label={`${formatPercent(compliance, i18n.language)} — ${meaning}`}>
          {formatPercent(compliance, i18n.language)}
        </Badge>
      </Tooltip>
      {criticalFailed && (
        <Badge color="red" variant="filled" leftSection={<IconAlertTriangle size={12} aria-hidden />}>
          {t('audits.result.critical')}
        </Badge>
      )}
    </Group>
  );
}
