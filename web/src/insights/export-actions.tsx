import { useState, type RefObject } from 'react';
import { Button, Group, Text } from '@mantine/core';
import { IconFileSpreadsheet, IconFileTypeCsv, IconPhoto } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useJourneyChoices } from '../feedback/use-journey-choices';
import { useLocationOptions } from '../settings/use-locations';
import { downloadCsv } from './csv-export';
import type { InsightFilters } from './insights-api';
import { isoDay } from './insights-model';
import { downloadPng, EXPORT_IGNORE } from './png-export';
import { useScoreFormat } from './score-format';
import { exportFileName, type ExportTable } from './table-export';
import { downloadXlsx } from './xlsx-export';

type Kind = 'png' | 'csv' | 'xlsx';

interface ExportActionsProps {
  /** The chart's or table's title: the buttons' accessible names say what they export. */
  title: string;
  /** Short ASCII name of what is exported, for the file name ("outlets", "heatmap"…). */
  area: string;
  period: { journey?: string | null; from: string; to: string };
  /** The section drawn into the PNG and the caption lines under it (filters, period). */
  png?: { target: RefObject<HTMLElement | null>; context: string[]; width?: () => number | undefined };
  /** The table's rows, built when the reader exports (CSV and XLSX); may fetch them first (a paged table exports every row). */
  table?: () => ExportTable | null | Promise<ExportTable | null>;
  disabled?: boolean;
}

/**
 * "PNG / CSV / XLSX" buttons of a chart or table. Plain buttons, so Tab and Enter reach them; they
 * stay out of the PNG itself.
 */
export function ExportActions({ title, area, period, png, table, disabled }: ExportActionsProps) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<Kind | null>(null);
  const [failed, setFailed] = useState(false);
  const run = (kind: Kind) => {
    setBusy(kind);
    setFailed(false);
    const fileName = exportFileName(area, period, kind);
    const work = async () => {
      if (kind === 'png') {
        const target = png?.target.current;
        if (!target) return;
        await downloadPng(target, fileName, { context: png.context, width: png.width?.() });
        return;
      }
      const data = await table?.();
      if (!data) return;
      if (kind === 'csv') downloadCsv(fileName, data.header, data.rows);
      else await downloadXlsx(fileName, [data]);
    };
    work()
      .catch((error: unknown) => {
        console.error(error);
        setFailed(true);
      })
      .finally(() => setBusy(null));
  };
  const button = (kind: Kind, Icon: typeof IconPhoto) => (
    <Button
      size="xs"
      variant="default"
      leftSection={<Icon size={14} aria-hidden />}
      loading={busy === kind}
      disabled={disabled || (busy !== null && busy !== kind)}
      onClick={() => run(kind)}
      aria-label={t(`insights.export.${kind}Of`, { title })}
      data-export={kind}
    >
      {t(`insights.export.${kind}`)}
    </Button>
  );
  return (
    <Group gap="xs" wrap="wrap" {...EXPORT_IGNORE}>
      {png && button('png', IconPhoto)}
      {table && button('csv', IconFileTypeCsv)}
      {table && button('xlsx', IconFileSpreadsheet)}
      {failed && (
        <Text size="xs" c="red.8" role="alert">
          {t('insights.export.failed')}
        </Text>
      )}
    </Group>
  );
}

/**
 * The caption under an exported chart: journey, location, dates and whatever else the chart was
 * filtered by, then when it was exported.
 */
export function useExportContext(filters: InsightFilters, extra: string[] = []): string[] {
  const { t } = useTranslation();
  const format = useScoreFormat();
  const { choices } = useJourneyChoices();
  const { labelOf } = useLocationOptions();
  const journey = filters.journey ? (choices.find((choice) => choice.value === filters.journey)?.label ?? filters.journey) : null;
  return [
    journey ? `${t('insights.filters.journey')}: ${journey}` : '',
    `${t('insights.filters.location')}: ${labelOf(filters.location) ?? t('insights.filters.allLocations')}`,
    `${format.day(filters.from)} – ${format.day(filters.to)}`,
    ...extra,
    t('insights.export.exported', { date: format.day(isoDay(new Date())) }),
  ];
}
