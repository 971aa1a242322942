import { FileExcelOutlined, PrinterOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Space, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiError } from '../../app/api';
import { downloadFile } from '../../ui/download';
import './i18n.insb';

/** 月报 buttons: a community's month as Excel, or as a printable A4 page (print → PDF in the browser). */
export function MonthlyReport({ communityId }: { communityId: number | undefined }) {
  const { t } = useTranslation();
  const l = (k: string) => t(`console.insights.monthly.${k}`);
  const { message } = App.useApp();
  // last month by default: the month a report is usually made for
  const [month, setMonth] = useState<Dayjs>(dayjs().subtract(1, 'month'));
  const q = `communityId=${communityId}&month=${month.format('YYYY-MM')}`;
  const disabled = communityId === undefined;
  const buttons = (
    <Space size={4} wrap>
      <Button
        icon={<FileExcelOutlined />}
        disabled={disabled}
        data-testid="monthly-excel"
        onClick={() =>
          downloadFile(
            `/api/insights/monthly-report?${q}&format=xlsx`,
            `${month.format('YYYY-MM')}.xlsx`,
          ).catch((e: ApiError) => message.error(e.message))
        }
      >
        {l('excel')}
      </Button>
      <Tooltip title={l('printHint')}>
        <Button
          icon={<PrinterOutlined />}
          disabled={disabled}
          href={disabled ? undefined : `/api/insights/monthly-report?${q}&format=html`}
          target="_blank"
          data-testid="monthly-print"
        >
          {l('print')}
        </Button>
      </Tooltip>
    </Space>
  );
  return (
    <Space wrap size={6} className="ds-insights-report">
      <span>{l('month')}</span>
      <DatePicker
        picker="month"
        value={month}
        allowClear={false}
        disabledDate={(d) => d.isAfter(dayjs(), 'month')}
        onChange={(v) => v && setMonth(v)}
        aria-label={l('month')}
      />
      {disabled ? <Tooltip title={l('needCommunity')}>{buttons}</Tooltip> : buttons}
    </Space>
  );
}
