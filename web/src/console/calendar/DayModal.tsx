import type { CalendarDay } from '@doorstep/contract';
import { App, AutoComplete, Form, Modal, Radio } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../../ui/ErrorAlert';
import { useSubmit } from '../../ui/useSubmit';
import { calendarApi, refreshCalendar } from './calendar.api';
import { mondayIndex } from './YearGrid';

const NAMES = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'];

interface Values {
  kind: 'holiday' | 'workday' | 'ordinary';
  name: string;
}

/** Sets one day: 放假 (holiday), 调休上班 (make-up workday, weekends only) or an ordinary day again. */
export function DayModal({
  date,
  day,
  onClose,
}: {
  date: string;
  day: CalendarDay | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const c = (k: string, o?: Record<string, unknown>) => t(`console.calendar.${k}`, o);
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const submit = useSubmit();
  const kind = Form.useWatch('kind', form) ?? day?.kind ?? 'holiday';
  const weekend = mondayIndex(date) >= 5;
  const [y, m, d] = date.split('-').map(Number);
  const weekday = c('weekdaysLong').split(',')[mondayIndex(date)];

  const save = async (v: Values) => {
    const ok = await submit.run(() =>
      v.kind === 'ordinary'
        ? calendarApi.clearDay(date)
        : calendarApi.setDay(date, { kind: v.kind, name: v.name.trim() }),
    );
    if (!ok) return;
    await refreshCalendar();
    message.success(c('saved'));
    onClose();
  };

  return (
    <Modal
      open
      title={c('dayTitle', { year: y, month: m, day: d, weekday })}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={submit.busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'calendar-day-save' }}
    >
      <ErrorAlert error={submit.error} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: day?.kind ?? (weekend ? 'workday' : 'holiday'), name: day?.name ?? '' }}
        onFinish={save}
      >
        <Form.Item name="kind" label={c('dayKind')}>
          <Radio.Group data-testid="calendar-day-kind">
            <Radio.Button value="holiday">{c('kinds.holiday')}</Radio.Button>
            <Radio.Button value="workday" disabled={!weekend}>
              {c('kinds.workday')}
            </Radio.Button>
            <Radio.Button value="ordinary">{c('kinds.ordinary')}</Radio.Button>
          </Radio.Group>
        </Form.Item>
        {!weekend && <p className="ds-muted ds-cal-hint">{c('workdayWeekendOnly')}</p>}
        {kind !== 'ordinary' && (
          <Form.Item
            name="name"
            label={c('dayName')}
            rules={[
              { required: true, whitespace: true, message: c('nameRequired') },
              { max: 30, message: c('nameTooLong') },
            ]}
          >
            <AutoComplete
              data-testid="calendar-day-name"
              placeholder={c('namePlaceholder')}
              options={NAMES.map((n) => (kind === 'workday' ? `${n}调休` : n)).map((value) => ({ value }))}
              filterOption={(input, option) => String(option?.value ?? '').includes(input.trim())}
            />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
